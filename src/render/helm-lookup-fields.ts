// Which rendered fields cannot be compared when a chart that uses lookup was
// rendered without the cluster. Two offline renders of the same chart with the
// same values differ exactly where a value was generated at render time
// (randAlphaNum, genCA, uuidv4, now, and checksums of them): helm keeps such a
// value only through lookup, so the offline value says nothing about the live
// one. Each object of a template that uses lookup (see helm-lookup-scan.ts) is
// also marked (its annotations only, for a template that only includes a
// computed template name: a checksum), so that values helm wrote from a lookup
// are not called drift.
import { escapeSegment } from '../drift/pointer.ts'
import type { DesiredObject, HelmLookupGap, ResourceKey } from '../types.ts'
import type { LookupUsage } from './helm-lookup-scan.ts'
import { keyOf, resourceId } from '../util/resource-identity.ts'

export function lookupGapOf(
  first: DesiredObject[],
  second: DesiredObject[],
  usage: LookupUsage,
  reason: string
): HelmLookupGap {
  const again = new Map(second.map(d => [resourceId(keyOf(d.object)), d.object]))
  const resources: HelmLookupGap['resources'] = []
  for (const desired of first) {
    const key: ResourceKey = keyOf(desired.object)
    const other = again.get(resourceId(key))
    const generated = other === undefined ? [] : differingPaths(desired.object, other)
    const lookupScope = lookupScopeOf(desired.source.template, usage)
    if (generated.length > 0 || lookupScope.length > 0) {
      resources.push({ key, generated: withSecretAliases(desired, generated), lookupScope })
    }
  }
  return { reason, templates: usage.direct, resources }
}

/** Annotations of the object and of its pod template: where checksums of other templates go. */
const ANNOTATIONS = ['/metadata/annotations', '/spec/template/metadata/annotations']

function lookupScopeOf(template: string | undefined, usage: LookupUsage): string[] {
  if (template === undefined) return []
  if (usage.tainted.has(template)) return ['']
  return usage.throughComputedInclude.has(template) ? ANNOTATIONS : []
}

/** JSON Pointers of the leaves (or whole subtrees) where `a` and `b` differ. */
export function differingPaths(a: unknown, b: unknown, at = ''): string[] {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    return keys.flatMap(key => differingPaths(a[key], b[key], `${at}/${escapeSegment(key)}`))
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((item, index) => differingPaths(item, b[index], `${at}/${index}`))
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at]
}

/** A Secret's `stringData` is `data` once stored: the live object and the changes name `data`. */
function withSecretAliases(desired: DesiredObject, paths: string[]): string[] {
  if (desired.object.kind !== 'Secret' || desired.object.apiVersion !== 'v1') return paths
  const aliases = paths
    .filter(p => p.startsWith('/stringData/'))
    .map(p => `/data/${p.slice('/stringData/'.length)}`)
  return [...paths, ...aliases]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
