// Reconcile must not undo what the ignore rules accept (an HPA's replicas, a
// field a mutating webhook owns), as Argo CD's RespectIgnoreDifferences. The
// field is left out of what kube-drift applies: its live value is owned by the
// manager that changed it (an update takes ownership), so it stays, and
// kube-drift claims no part of it. Inside a list, where leaving an item out
// would shift the others, the live value is applied instead. The silenced
// differences are detection's own (engine/detection.ts): nothing is compared again.
import { parsePointer, valueAt } from '../drift/pointer.ts'
import type { DesiredObject, FieldChange, KubeObject } from '../types.ts'

export function withoutIgnoredFields(
  desired: DesiredObject,
  live: KubeObject,
  ignored: readonly FieldChange[]
): DesiredObject {
  if (ignored.length === 0) return desired
  const object = structuredClone(desired.object)
  let changed = false
  for (const change of ignored) {
    if (change.reason !== 'changed' || change.sensitive || change.path === '') continue
    const liveSegments = parsePointer(change.path)
    const liveValue = valueAt(live, liveSegments)
    // Change paths carry live list positions; Git may order or number items differently.
    const segments =
      liveValue === undefined ? undefined : alignToDesired(live, object, liveSegments)
    if (segments === undefined) continue
    if (leaveOut(object, segments, liveValue)) changed = true
  }
  return changed ? { ...desired, object } : desired
}

function leaveOut(root: KubeObject, segments: string[], liveValue: unknown): boolean {
  const parent = valueAt(root, segments.slice(0, -1))
  const last = segments[segments.length - 1] as string
  if (Array.isArray(parent) && /^\d+$/.test(last) && Number(last) < parent.length) {
    parent[Number(last)] = structuredClone(liveValue)
    return true
  }
  if (parent && typeof parent === 'object' && last in parent) {
    delete (parent as Record<string, unknown>)[last]
    return true
  }
  return false
}

/**
 * The same field's path in the desired object: list items are matched by `name`
 * (containers, env, ports), else by position when both lists are as long; no
 * match means the field is not in Git in a place we can point at.
 */
export function alignToDesired(
  live: unknown,
  desired: unknown,
  liveSegments: string[]
): string[] | undefined {
  const out: string[] = []
  let liveNode = live
  let desiredNode = desired
  for (const segment of liveSegments) {
    if (Array.isArray(liveNode)) {
      if (!Array.isArray(desiredNode)) return undefined
      const liveItem: unknown = liveNode[Number(segment)]
      const name = (liveItem as { name?: unknown } | undefined)?.name
      const index =
        name !== undefined
          ? desiredNode.findIndex(item => (item as { name?: unknown } | undefined)?.name === name)
          : desiredNode.length === liveNode.length
            ? Number(segment)
            : -1
      if (index < 0) return undefined
      out.push(String(index))
      liveNode = liveItem
      desiredNode = desiredNode[index]
    } else {
      out.push(segment)
      liveNode = (liveNode as Record<string, unknown> | undefined)?.[segment]
      desiredNode = (desiredNode as Record<string, unknown> | undefined)?.[segment]
    }
  }
  return out
}
