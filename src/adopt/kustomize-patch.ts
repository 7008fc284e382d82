// Kustomize targets: a change goes into the target's own kustomization (the
// overlay) as a JSON6902 patch file, referenced from its kustomization.yaml by a
// `patches: - path: ..., target: {...}` entry, never into a base, which other
// overlays may share. The patch's list indices are those of the built object
// (the rendered one): the live pointer's items are found there by merge key.
import { stringify } from 'yaml'
import { cloneJson, isPlainObject } from '../drift/json.ts'
import { chooseListKey } from '../drift/list-keys.ts'
import { escapeSegment, parsePointer } from '../drift/pointer.ts'
import { parseApiVersion } from '../util/resource-identity.ts'
import { isAtOrUnder } from '../drift/pointer.ts'
import type { AdoptFileChange, AdoptSkip, AdoptedField } from './types.ts'
import { adoptedField, fieldEditOf, type ResourceToAdopt } from './resource-fields.ts'
import { applyEdits, documentValue, editDocument, parseYamlFile } from './yaml-edit.ts'
import type { WorkspaceFiles } from './workspace-files.ts'

export interface JsonPatchOp {
  op: 'add' | 'replace' | 'remove'
  path: string
  value?: unknown
}

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']

const PATCH_HEADER =
  '# Written by kube-drift adopt: live values of drifted fields, as a JSON6902 patch.\n'

/**
 * The JSON6902 operation that turns the built object's field into the live one.
 * `built` is the rendered object the patch applies to, `reference` what the
 * change's pointer indexes (live, or the built object for a removal).
 */
export function patchOp(
  built: unknown,
  reference: unknown,
  pointer: string,
  edit: { action: 'set'; value: unknown } | { action: 'remove' }
): JsonPatchOp | undefined {
  const segments = parsePointer(pointer)
  const out: string[] = []
  let node = built
  let ref = reference
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1
    if (Array.isArray(ref)) {
      if (!Array.isArray(node)) return undefined
      const at = builtIndex(node, ref, Number(segment))
      if (at === undefined) {
        if (edit.action === 'remove') return undefined
        // New in the live list: the live item whole, appended.
        const item = last ? edit.value : ref[Number(segment)]
        return { op: 'add', path: `${joined(out)}/-`, value: cloneJson(item) }
      }
      out.push(String(at))
      if (last) {
        return edit.action === 'remove'
          ? { op: 'remove', path: joined(out) }
          : { op: 'replace', path: joined(out), value: cloneJson(edit.value) }
      }
      node = node[at]
      ref = ref[Number(segment)]
      continue
    }
    out.push(segment)
    const has = isPlainObject(node) && Object.hasOwn(node, segment)
    if (last || !has) {
      if (edit.action === 'remove') return has ? { op: 'remove', path: joined(out) } : undefined
      // `add` sets a map member whether or not it exists; a missing parent gets the path's chain.
      const value = nested(segments.slice(i + 1), edit.value)
      return { op: 'add', path: joined(out), value }
    }
    node = (node as Record<string, unknown>)[segment]
    ref = isPlainObject(ref) ? ref[segment] : undefined
  }
  return undefined
}

function joined(segments: string[]): string {
  return segments.map(segment => `/${escapeSegment(segment)}`).join('')
}

/** `value` under the remaining path: ['a', 'b'] -> {a: {b: value}}. */
function nested(rest: string[], value: unknown): unknown {
  return rest.reduceRight<unknown>((inner, key) => ({ [key]: inner }), cloneJson(value))
}

function builtIndex(built: unknown[], ref: unknown[], index: number): number | undefined {
  const key = chooseListKey(built, ref)
  if (!key) return index < built.length ? index : undefined
  const identity = key.identity(ref[index] as Record<string, unknown>)
  const at = built.findIndex(item => key.identity(item as Record<string, unknown>) === identity)
  return at === -1 ? undefined : at
}

export interface KustomizeResult {
  files: AdoptFileChange[]
  adopted: AdoptedField[]
  failed: AdoptSkip[]
}

/**
 * The patch files and the kustomization edit for `items`, in the overlay folder
 * `overlay` (workspace-relative) whose kustomization file is `kustomizationFile`.
 */
export async function kustomizePatches(
  items: readonly ResourceToAdopt[],
  overlay: string,
  kustomizationFile: string,
  files: WorkspaceFiles
): Promise<KustomizeResult> {
  const result: KustomizeResult = { files: [], adopted: [], failed: [] }
  const kustomizationText = await files.read(kustomizationFile)
  if (kustomizationText === null) throw new Error(`${kustomizationFile} does not exist`)
  const kustomizationYaml = parseYamlFile(kustomizationText, kustomizationFile)
  const kustomization = documentValue(kustomizationYaml.documents[0] as never)
  if (!isPlainObject(kustomization)) throw new Error(`${kustomizationFile} is not a map`)
  const patches = Array.isArray(kustomization.patches)
    ? [...(kustomization.patches as unknown[])]
    : []
  for (const item of items) {
    if (isGenerated(item)) {
      result.failed.push(
        ...item.changes.map(c => ({
          resource: item.resource,
          path: c.path,
          why: `it is made by a kustomize generator (${item.placed.desired.source.file}): change the generator's input (files, literals) by hand`
        }))
      )
      continue
    }
    const name = patchFileName(item)
    const file = overlay === '.' || overlay === '' ? name : `${overlay}/${name}`
    const before = await files.read(await files.resolve(file))
    const ops: JsonPatchOp[] = before === null ? [] : existingOps(before, file)
    const adopted: AdoptedField[] = []
    for (const change of item.changes) {
      const planned = fieldEditOf(item, change)
      const op = patchOp(item.placed.desired.object, planned.reference, change.path, planned.edit)
      if (!op) {
        result.failed.push({
          resource: item.resource,
          path: change.path,
          why: 'the field cannot be found in the object the overlay builds'
        })
        continue
      }
      // A newer op for the same field (or a field under it) replaces the older ones.
      const kept = ops.filter(old => !isAtOrUnder(old.path, op.path) || op.path.endsWith('/-'))
      ops.length = 0
      ops.push(...kept, op)
      adopted.push(adoptedField(item, change, planned.edit, file))
    }
    if (adopted.length === 0) continue
    result.files.push({
      path: file,
      before,
      after: PATCH_HEADER + stringify(ops, { version: '1.1', lineWidth: 0 })
    })
    result.adopted.push(...adopted)
    const relative = name
    if (!patches.some(p => isPlainObject(p) && p.path === relative)) {
      patches.push({ path: relative, target: patchTarget(item, kustomization) })
    }
  }
  const listed = Array.isArray(kustomization.patches) ? kustomization.patches.length : 0
  if (patches.length > listed) {
    const after = applyEdits(
      kustomizationText,
      editDocument(kustomizationYaml, 0, { ...kustomization, patches })
    )
    result.files.push({ path: kustomizationFile, before: kustomizationText, after })
  }
  return result
}

/** An object a generator (configMapGenerator, secretGenerator) made: its origin is a kustomization file. */
function isGenerated(item: ResourceToAdopt): boolean {
  const file = item.placed.desired.source.file.split('/').at(-1) ?? ''
  return KUSTOMIZATION_FILES.includes(file)
}

function patchFileName(item: ResourceToAdopt): string {
  const { kind, metadata } = item.placed.desired.object
  const slug = [kind, metadata.name]
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
  return `adopt-${slug}.patch.yaml`
}

/** The patch's target: group, version, kind and the name before this overlay's prefix and suffix. */
function patchTarget(item: ResourceToAdopt, kustomization: Record<string, unknown>) {
  const { apiVersion, kind, metadata } = item.placed.desired.object
  const { group, version } = parseApiVersion(apiVersion)
  let name = metadata.name ?? ''
  const prefix = typeof kustomization.namePrefix === 'string' ? kustomization.namePrefix : ''
  const suffix = typeof kustomization.nameSuffix === 'string' ? kustomization.nameSuffix : ''
  if (prefix && name.startsWith(prefix)) name = name.slice(prefix.length)
  if (suffix && name.endsWith(suffix)) name = name.slice(0, -suffix.length)
  return { ...(group ? { group } : {}), version, kind, name }
}

function existingOps(text: string, file: string): JsonPatchOp[] {
  const parsed = parseYamlFile(text, file)
  const value = parsed.documents[0] ? documentValue(parsed.documents[0]) : []
  if (!Array.isArray(value)) throw new Error(`${file} exists and is not a JSON6902 patch (a list)`)
  return value as JsonPatchOp[]
}

/** The overlay's kustomization file name among the known ones, given the names in its folder. */
export function kustomizationFileIn(names: readonly string[]): string | undefined {
  return KUSTOMIZATION_FILES.find(name => names.includes(name))
}
