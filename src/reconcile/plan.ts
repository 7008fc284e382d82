// Decides what a reconciliation does, from a detection: pure, so the order and
// the guards are unit-tested without a cluster.
import type { DetectedResource } from '../engine/detection.ts'
import type { PlacedObject } from '../engine/placement.ts'
import type { ResourceKey, ResourceResult } from '../types.ts'

/** A resource to apply: its verdict and what detection found (placed object, live state, ignored fields). */
export interface PlannedApply extends DetectedResource {
  placed: PlacedObject
}

export interface ReconcilePlan {
  /** Namespaces and CRDs: applied first, everything else may live in them. */
  foundations: PlannedApply[]
  rest: PlannedApply[]
  prunes: ResourceResult[]
  skipped: { key: ResourceKey; reason: string }[]
}

export interface PlanOptions {
  prune: boolean
  /** `Kind/name` entries: Namespaces and CRDs are pruned only when named here. */
  allowPrune: string[]
}

const FOUNDATION_KINDS = new Set(['Namespace', 'CustomResourceDefinition'])

/** `resources`: one target's detection, each verdict with what it rests on. */
export function planReconcile(
  resources: readonly DetectedResource[],
  options: PlanOptions
): ReconcilePlan {
  const plan: ReconcilePlan = { foundations: [], rest: [], prunes: [], skipped: [] }
  for (const detected of resources) {
    const { result, placed } = detected
    if (result.status === 'Drifted' || result.status === 'Missing') {
      if (!placed) {
        plan.skipped.push({
          key: result,
          reason: 'its desired object was not found in the rendered manifests'
        })
        continue
      }
      if (result.notComparable?.length) {
        // Applying would write a value only lookup knows (a new random password over the live one).
        plan.skipped.push({
          key: result,
          reason: `applying would overwrite values the chart generates or reads with lookup (${result.notComparable.map(f => f.path).join(', ')}), unknown without the cluster: reconcile with helm-lookup on`
        })
        continue
      }
      ;(FOUNDATION_KINDS.has(result.kind) ? plan.foundations : plan.rest).push({
        ...detected,
        placed
      })
    } else if (result.status === 'Extra' && options.prune) {
      if (
        FOUNDATION_KINDS.has(result.kind) &&
        !options.allowPrune.includes(`${result.kind}/${result.name}`)
      ) {
        plan.skipped.push({
          key: result,
          reason: `${result.kind}s are pruned only when named (allow ${result.kind}/${result.name})`
        })
      } else {
        plan.prunes.push(result)
      }
    }
  }
  return plan
}
