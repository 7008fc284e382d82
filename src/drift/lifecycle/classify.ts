// The one pass that labels a resource's changes, after the comparison and the
// ignore rules and before any report: first the cause (a severity rule reads it),
// then the severity. Errors have no changes; Missing and Extra have one at the root.
import type { FieldChange, KubeObject, ResourceResult, SeverityOverride } from '../../types.ts'
import { mutatedOnAdmission } from './admission.ts'
import { causeOf } from './cause.ts'
import { severityOf } from './severity.ts'

export interface ClassifyEvidence {
  /** kube-drift's own field manager. */
  fieldManager: string
  /** `.kube-drift.yaml` `severity:` entries. */
  overrides?: readonly SeverityOverride[]
  /**
   * Git's object and the server dry-run's answer, normalized alike (unmasked: only
   * compared); absent when the comparison was local or nothing was predicted.
   */
  dryRun?: { git: KubeObject; predicted: KubeObject }
}

export function classifyResult(result: ResourceResult, evidence: ClassifyEvidence): ResourceResult {
  if (result.changes.length === 0) return result
  const dryRun = result.method === 'server' ? evidence.dryRun : undefined
  const changes = result.changes.map((change): FieldChange => {
    const mutated = dryRun ? mutatedOnAdmission(change, dryRun.git, dryRun.predicted) : false
    const withCause = {
      ...change,
      cause: causeOf(change, { fieldManager: evidence.fieldManager, mutatedOnAdmission: mutated })
    }
    const { severity, reason } = severityOf(withCause, result.kind, evidence.overrides)
    return { ...withCause, severity, severityReason: reason }
  })
  return { ...result, changes }
}
