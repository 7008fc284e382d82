// The prediction step: what applying Git would leave in the cluster. The
// server's apply dry-run is the reference; when it cannot answer for an object
// the object is compared locally (drift/ merges desired onto live) and a note
// says why. A dry-run the identity may not send is remembered per resource and
// namespace, so later objects there skip it.
import { cannotDryRun, isFatal, isForbidden, isRefusedApply } from '../cluster/errors.ts'
import type { KubeObject } from '../types.ts'
import { collectionId } from '../util/resource-identity.ts'
import type { DetectCluster } from './cluster-port.ts'
import { describeError } from './describe-error.ts'
import type { PlacedObject } from './placement.ts'

export type Prediction =
  /** the server's dry-run answered. */
  | { method: 'server'; predicted: KubeObject }
  /**
   * compared locally: the comparison merges desired onto live. `note` says why, for
   * this one object; `refusal` is set when the server refused the apply itself (so
   * "in sync" cannot be the verdict).
   */
  | { method: 'local'; predicted: null; note?: string; refusal?: string }
  /** the dry-run failed for a reason that says nothing about drift: an Error verdict. */
  | { method: 'none'; error: string }

export class DryRunPredictor {
  private readonly cluster: DetectCluster
  private readonly fieldManager: string
  /** collections whose patch (and so the dry-run) is forbidden, with the reason. */
  private readonly forbidden = new Map<string, string>()

  constructor(cluster: DetectCluster, fieldManager: string) {
    this.cluster = cluster
    this.fieldManager = fieldManager
  }

  /** Fatal failures (cluster gone, credentials refused) are thrown: the run stops. */
  async predict(p: PlacedObject): Promise<Prediction> {
    const collection = collectionId(p.resource.group, p.resource.resource, p.namespace)
    if (this.forbidden.has(collection)) return { method: 'local', predicted: null }
    try {
      const predicted = await this.cluster.apply(p.resource, p.side.applied, {
        fieldManager: this.fieldManager,
        force: true,
        dryRun: true
      })
      return { method: 'server', predicted }
    } catch (error) {
      if (isFatal(error)) throw error
      const which = `${p.resource.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`
      if (cannotDryRun(error)) {
        // Not Git's fault nor a missing verb on the kind: this one object is compared locally.
        return {
          method: 'local',
          predicted: null,
          note: `${which}: compared locally (desired fields against live), not by the server's dry-run: ${describeError(error)}.`
        }
      }
      if (isRefusedApply(error)) {
        // The live object and Git no longer merge (a list key renamed by hand, a
        // conflict): the drift is real, so find it locally and say applying would fail.
        return {
          method: 'local',
          predicted: null,
          note: `${which}: applying Git would fail (${describeError(error)}); compared locally.`,
          refusal: describeError(error)
        }
      }
      if (!isForbidden(error)) return { method: 'none', error: describeError(error) }
      this.forbidden.set(collection, describeError(error))
      return { method: 'local', predicted: null }
    }
  }

  /** One note per reason a dry-run was forbidden. */
  forbiddenNotes(): string[] {
    return [...new Set(this.forbidden.values())].map(
      reason =>
        `Compared locally (desired fields against live), not by the server's dry-run: ${reason}`
    )
  }

  /** Whether any collection fell back to the local comparison because its dry-run was forbidden. */
  anyForbidden(): boolean {
    return this.forbidden.size > 0
  }
}
