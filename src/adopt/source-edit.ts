// Plain manifests: each adopted field goes into the document its resource was
// read from, by splicing the file's text (yaml-edit.ts). A field that cannot be
// placed fails alone, and a document that cannot be edited fails its fields: no
// half-written document, never a claim that it was adopted.
import { AdoptFieldError, applyFieldEdit } from './apply-change.ts'
import { lineLocator } from '../util/yaml-walk.ts'
import { isPlainObject } from '../drift/json.ts'
import type { AdoptFileChange, AdoptSkip, AdoptedField } from './types.ts'
import { adoptedField, fieldEditOf, type ResourceToAdopt } from './resource-fields.ts'
import {
  applyEdits,
  documentValue,
  editDocument,
  parseYamlFile,
  YamlEditError
} from './yaml-edit.ts'
import type { TextEdit, YamlFile } from './yaml-edit.ts'
import type { WorkspaceFiles } from './workspace-files.ts'

export interface EditResult {
  files: AdoptFileChange[]
  adopted: AdoptedField[]
  failed: AdoptSkip[]
}

interface DocumentWork {
  value: unknown
  adopted: AdoptedField[]
}

export async function editSources(
  items: readonly ResourceToAdopt[],
  files: WorkspaceFiles,
  cwd: string
): Promise<EditResult> {
  const result: EditResult = { files: [], adopted: [], failed: [] }
  const byFile = new Map<string, ResourceToAdopt[]>()
  const failAll = (item: ResourceToAdopt, why: string) =>
    result.failed.push(...item.changes.map(c => ({ resource: item.resource, path: c.path, why })))
  for (const item of items) {
    const source = item.placed.desired.source
    try {
      const file = await files.resolve(source.file, cwd)
      byFile.set(file, [...(byFile.get(file) ?? []), item])
    } catch (error) {
      failAll(item, `its source file cannot be edited: ${(error as Error).message}`)
    }
  }
  for (const [file, fileItems] of byFile) {
    const text = await files.read(file)
    if (text === null) {
      for (const item of fileItems) failAll(item, `its source file ${file} does not exist`)
      continue
    }
    let parsed: YamlFile
    try {
      parsed = parseYamlFile(text, file)
    } catch (error) {
      for (const item of fileItems) failAll(item, (error as Error).message)
      continue
    }
    const documents = new Map<number, DocumentWork>()
    for (const item of fileItems) {
      const index = documentOf(parsed, item)
      if (index === undefined) {
        failAll(
          item,
          `no document for it in ${file} (it may come from a generator or another file)`
        )
        continue
      }
      const work = documents.get(index) ?? {
        value: documentValue(parsed.documents[index] as YamlFile['documents'][number]),
        adopted: []
      }
      documents.set(index, work)
      for (const change of item.changes) {
        const planned = fieldEditOf(item, change)
        try {
          applyFieldEdit(work.value, planned.reference, change.path, planned.edit)
          work.adopted.push(adoptedField(item, change, planned.edit, file))
        } catch (error) {
          if (!(error instanceof AdoptFieldError)) throw error
          result.failed.push({ resource: item.resource, path: change.path, why: error.message })
        }
      }
    }
    const edits: TextEdit[] = []
    for (const [index, work] of documents) {
      try {
        edits.push(...editDocument(parsed, index, work.value))
        result.adopted.push(...work.adopted)
      } catch (error) {
        if (!(error instanceof YamlEditError)) throw error
        result.failed.push(
          ...work.adopted.map(a => ({ resource: a.resource, path: a.path, why: error.message }))
        )
      }
    }
    const after = applyEdits(text, edits)
    if (after !== text) result.files.push({ path: file, before: text, after })
  }
  return result
}

/** The document that holds the resource: same kind and name, the nearest to its recorded line. */
function documentOf(file: YamlFile, item: ResourceToAdopt): number | undefined {
  const wanted = item.placed.desired.object
  const lineOf = lineLocator(file.text)
  const candidates = file.documents
    .map((document, index) => ({ index, value: documentValue(document), document }))
    .filter(({ value }) => {
      if (!isPlainObject(value) || !isPlainObject(value.metadata)) return false
      return value.kind === wanted.kind && value.metadata.name === wanted.metadata.name
    })
    .map(({ index, document }) => {
      const start = document.contents?.range?.[0] ?? document.range[0]
      return { index, distance: Math.abs(lineOf(start) - item.placed.desired.source.line) }
    })
    .sort((a, b) => a.distance - b.distance)
  return candidates[0]?.index
}
