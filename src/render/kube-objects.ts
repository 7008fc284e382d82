// Turns parsed YAML documents into Kubernetes objects. Anything that is not an
// object is either an error the user must fix (it looks like a Kubernetes
// object but lacks a field) or is skipped with a reason (a Helm values file,
// a Chart.yaml, a Kustomization): never silently compared, never silently lost.
import type { DesiredObject, KubeObject } from '../types.ts'
import { renderErrorAt } from './render-error.ts'
import type { RenderResult } from './render-result.ts'
import { groupOf } from '../util/resource-identity.ts'
import { parseYamlDocuments, type YamlDocument } from './yaml-documents.ts'

/** Parses a YAML (or JSON) stream read from `file` (already relative to the working directory). */
export function objectsFromYaml(text: string, file: string): RenderResult {
  const result: RenderResult = { objects: [], skipped: [] }
  for (const document of parseYamlDocuments(text, file)) {
    collectDocument(document, file, result)
  }
  return result
}

function collectDocument(document: YamlDocument, file: string, result: RenderResult): void {
  const { value, line } = document
  if (value === null || value === undefined) return
  if (!isRecord(value)) {
    result.skipped.push({
      file,
      reason: `line ${line}: not a Kubernetes object (${typeName(value)})`
    })
    return
  }
  const notObject = whyNotAnObject(value)
  if (notObject) {
    result.skipped.push({ file, reason: `line ${line}: ${notObject}` })
    return
  }
  if (isList(value)) {
    collectListItems(value, document, file, result)
    return
  }
  result.objects.push({ object: checkedObject(value, file, line), source: { file, line } })
}

/** `kind: List` and typed lists (`ConfigMapList`) carry their objects in `items`. */
function isList(value: Record<string, unknown>): boolean {
  return typeof value.kind === 'string' && value.kind.endsWith('List') && 'items' in value
}

function collectListItems(
  list: Record<string, unknown>,
  document: YamlDocument,
  file: string,
  result: RenderResult
): void {
  const items = list.items ?? []
  if (!Array.isArray(items)) {
    throw renderErrorAt(file, document.line, `${String(list.kind)}: items must be a list`)
  }
  items.forEach((item: unknown, index) => {
    const line = document.itemLines[index] ?? document.line
    if (!isRecord(item)) {
      throw renderErrorAt(file, line, `${String(list.kind)} item ${index}: not an object`)
    }
    const desired: DesiredObject = {
      object: checkedObject(item, file, line),
      source: { file, line }
    }
    result.objects.push(desired)
  })
}

/** The reason a mapping is clearly not meant as a Kubernetes object, or undefined if it is. */
function whyNotAnObject(value: Record<string, unknown>): string | undefined {
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : undefined
  if (apiVersion && groupOf(apiVersion) === 'kustomize.config.k8s.io') {
    return `a kustomize ${String(value.kind ?? 'configuration')}, not a resource (use the kustomize renderer)`
  }
  // A kind, or a metadata block, says the author meant a Kubernetes object:
  // then a missing field is an error. Without both (values.yaml, Chart.yaml,
  // package.json) it is some other YAML file that happens to be in the folder.
  if (value.kind === undefined && value.metadata === undefined) {
    return apiVersion
      ? 'not a Kubernetes object (an apiVersion but no kind or metadata)'
      : 'not a Kubernetes object (no apiVersion and no kind)'
  }
  return undefined
}

/** Checks the identifying fields; a missing one is an error that names the field. */
function checkedObject(value: Record<string, unknown>, file: string, line: number): KubeObject {
  const problem = identityProblem(value)
  if (problem) throw renderErrorAt(file, line, problem)
  const metadata = value.metadata as Record<string, unknown>
  // kubectl treats an empty or null namespace as unset; so does everything after rendering.
  if (metadata.namespace === null || metadata.namespace === '') delete metadata.namespace
  return value as KubeObject
}

function identityProblem(value: Record<string, unknown>): string | undefined {
  if (typeof value.kind !== 'string' || value.kind === '') return missing('kind', value)
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') {
    return missing('apiVersion', value)
  }
  const metadata = value.metadata
  if (!isRecord(metadata)) return missing('metadata.name', value)
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    return metadata.generateName === undefined
      ? missing('metadata.name', value)
      : `${value.kind}: metadata.generateName is not supported, set metadata.name`
  }
  const namespace = metadata.namespace
  if (namespace !== undefined && namespace !== null && typeof namespace !== 'string') {
    return `${value.kind} ${metadata.name}: metadata.namespace must be a string`
  }
  return undefined
}

/** `Deployment: missing metadata.name`, `ConfigMap x: missing apiVersion`, `missing kind (metadata.name: x)`. */
function missing(field: string, value: Record<string, unknown>): string {
  const metadata = isRecord(value.metadata) ? value.metadata : {}
  const name = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : undefined
  if (typeof value.kind !== 'string' || value.kind === '') {
    return name ? `missing ${field} (metadata.name: ${name})` : `missing ${field}`
  }
  return `${name ? `${value.kind} ${name}` : value.kind}: missing ${field}`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return 'a string'
  return `a ${typeof value}`
}
