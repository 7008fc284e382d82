// Reads `helm template` output back into objects, each pointing at the chart
// file that produced it. Helm writes `# Source: <chart>/templates/x.yaml` above
// every document; CRDs from `crds/` are copied verbatim, so their lines are the
// file's own. A template's lines are not the rendered lines, so an object is
// placed at the document in the template that writes its kind literally, when
// there is one.
import type { DesiredObject, KubeObject } from '../types.ts'
import { objectsFromYaml } from './kube-objects.ts'
import type { SkippedDocument } from './render-result.ts'

export const HOOK_ANNOTATION = 'helm.sh/hook'

/** A chart file as helm names it (`web/templates/api.yaml`), where it is on disk, and its text. */
export interface ChartFile {
  /** relative to the working directory: what reports show. */
  file: string
  /** the template's text, for finding an object's line; undefined when it is not on disk. */
  text?: string
  /** a file of `crds/`: copied into the output as is. */
  verbatim: boolean
}

export interface HelmOutput {
  objects: DesiredObject[]
  /** resources annotated `helm.sh/hook`: not part of the release helm keeps. */
  hooks: DesiredObject[]
  skipped: SkippedDocument[]
}

/** The `# Source:` paths in `output`, in order of first appearance. */
export function sourcePaths(output: string): string[] {
  return [...new Set(chunksOf(output).map(chunk => chunk.template))]
}

/** `locate` maps each `# Source:` path to its file (sourcePaths lists them). */
export function parseHelmOutput(
  output: string,
  locate: (template: string) => ChartFile
): HelmOutput {
  const result: HelmOutput = { objects: [], hooks: [], skipped: [] }
  // Per template and kind, how many objects were placed: the next one is the next document.
  const placed = new Map<string, number>()
  for (const chunk of chunksOf(output)) {
    const chartFile = locate(chunk.template)
    const parsed = objectsFromYaml(chunk.text, chartFile.file)
    result.skipped.push(...parsed.skipped)
    for (const { object, source } of parsed.objects) {
      let line = source.line
      if (!chartFile.verbatim) {
        const counter = JSON.stringify([chunk.template, object.kind])
        const seen = placed.get(counter) ?? 0
        placed.set(counter, seen + 1)
        line = templateLine(chartFile.text, object.kind, seen) ?? 1
      }
      const desired = { object, source: { file: chartFile.file, line, template: chunk.template } }
      if (isHook(object)) result.hooks.push(desired)
      else result.objects.push(desired)
    }
  }
  return result
}

export function isHook(object: KubeObject): boolean {
  return object.metadata.annotations?.[HOOK_ANNOTATION] !== undefined
}

interface Chunk {
  template: string
  /** the text after the `# Source:` line, up to the next one. */
  text: string
}

function chunksOf(output: string): Chunk[] {
  const chunks: Chunk[] = []
  let current: { template: string; lines: string[] } | undefined
  for (const line of output.split('\n')) {
    const source = /^# Source: (.+?)\s*$/.exec(line)
    if (source?.[1]) {
      if (current) chunks.push({ template: current.template, text: current.lines.join('\n') })
      current = { template: source[1], lines: [] }
    } else {
      current?.lines.push(line)
    }
  }
  if (current) chunks.push({ template: current.template, text: current.lines.join('\n') })
  return chunks
}

interface TemplateDocument {
  /** the kind when the template writes it literally (`kind: Deployment`). */
  kind?: string
  /** the line of the document's first top-level key. */
  line: number
}

/**
 * The line of the template document that wrote the `index`-th object of `kind`
 * from this template. Helm sorts its output by kind, keeping the template's
 * order within a kind; a `range` writes several objects from one document (the
 * last of the kind), a false `if` none (a count mismatch is then possible, and
 * the line only approximate).
 */
function templateLine(text: string | undefined, kind: string, index: number): number | undefined {
  if (text === undefined) return undefined
  const ofKind = templateDocuments(text).filter(document => document.kind === kind)
  return (ofKind[index] ?? ofKind.at(-1))?.line
}

function templateDocuments(text: string): TemplateDocument[] {
  const documents: TemplateDocument[] = []
  let current: TemplateDocument | undefined
  text.split('\n').forEach((content, index) => {
    if (/^---\s*$/.test(content)) {
      current = undefined
      return
    }
    if (!/^[A-Za-z"']/.test(content)) return
    if (!current) {
      current = { line: index + 1 }
      documents.push(current)
    }
    const kind = /^kind:\s*["']?([A-Za-z0-9]+)["']?\s*(?:#.*)?$/.exec(content)?.[1]
    if (kind && current.kind === undefined) current.kind = kind
  })
  return documents
}
