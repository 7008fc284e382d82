// What a reconciliation did, resource by resource, and the detections around it.
import type { DriftReport, ResourceKey } from '../types.ts'

export type ReconcileVerb = 'create' | 'update' | 'prune'

export interface ReconcileAction extends ResourceKey {
  action: ReconcileVerb
  /** JSON Pointers removed because Git does not have them (added out of band, removed from Git). */
  removedFields: string[]
  outcome: 'applied' | 'would-apply' | 'failed'
  error?: string
}

export interface ReconcileResult {
  dryRun: boolean
  /** detection before anything was applied: the plan. */
  before: DriftReport
  /** detection after applying; null for a dry run. */
  after: DriftReport | null
  actions: ReconcileAction[]
  /** resources left alone on purpose (prune not allowed), with the reason. */
  skipped: { key: ResourceKey; reason: string }[]
  failed: number
}
