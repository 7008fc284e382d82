// Decides what a reconciliation does, from a detection: pure, so the order and
// the guards are unit-tested without a cluster.
import type { DesiredObject, ResourceKey, ResourceResult, TargetReport } from '../types.ts'

export interface PlannedApply {
  result: ResourceResult
  desired: DesiredObject
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

export function planReconcile(
  report: TargetReport,
  desiredByKey: ReadonlyMap<string, DesiredObject>,
  options: PlanOptions
): ReconcilePlan {
  const plan: ReconcilePlan = { foundations: [], rest: [], prunes: [], skipped: [] }
  for (const result of report.resources) {
    if (result.status === 'Drifted' || result.status === 'Missing') {
      const desired = desiredByKey.get(keyString(result))
      if (!desired) {
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
      ;(FOUNDATION_KINDS.has(result.kind) ? plan.foundations : plan.rest).push({ result, desired })
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

/** The identity used to pair detection results with desired objects. */
export function keyString(key: ResourceKey): string {
  const group = key.apiVersion.includes('/') ? key.apiVersion.split('/')[0] : ''
  return `${group}/${key.kind}/${key.namespace ?? ''}/${key.name}`
}
