// Puts one resource back to what Git says: remove the fields Git does not have,
// then server-side apply the desired object. Failures are returned, not thrown,
// so one resource never stops the rest. Everything it applies from (the placed
// object, the live state, the fields ignore rules silenced) comes from detection.
import { isRefusedApply } from '../cluster/errors.ts'
import type { ReconcileCluster } from '../engine/cluster-port.ts'
import { describeError } from '../engine/describe-error.ts'
import type { PlannedApply } from './plan.ts'
import { removalOperations, replacementOperations } from './field-patches.ts'
import { withoutIgnoredFields } from './respect-ignores.ts'
import type { ReconcileAction } from './types.ts'

export interface ApplySettings {
  fieldManager: string
  forceConflicts: boolean
  dryRun: boolean
}

export async function applyResource(
  client: ReconcileCluster,
  { result, placed, live, ignored }: PlannedApply,
  settings: ApplySettings
): Promise<ReconcileAction> {
  const { resource } = placed
  // What the server is sent: Git's object without the fields a controller owns.
  const desired = { ...placed.desired, object: placed.side.applied }
  const { namespace, name = '' } = desired.object.metadata
  // Fields the ignore rules silenced keep their live values: left out of what is applied.
  const object = live ? withoutIgnoredFields(desired, live, ignored).object : desired.object
  const action: ReconcileAction = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace,
    name,
    action: result.status === 'Drifted' ? 'update' : 'create',
    removedFields: [],
    outcome: settings.dryRun ? 'would-apply' : 'applied'
  }
  const patchOptions = { fieldManager: settings.fieldManager, dryRun: settings.dryRun }
  const applyOptions = { ...patchOptions, force: settings.forceConflicts }
  try {
    const removals = result.status === 'Drifted' ? removalOperations(result.changes) : []
    if (removals.length > 0) {
      await client.jsonPatch(resource, namespace, name, removals, patchOptions)
      action.removedFields = removals.filter(op => op.op === 'remove').map(op => op.path)
    }
    try {
      await client.apply(resource, object, applyOptions)
    } catch (error) {
      // Live and Git no longer merge (a list key changed by hand): put Git's values
      // back field by field, then the apply goes through.
      const replacements = isRefusedApply(error) ? replacementOperations(result.changes) : []
      if (replacements.length === 0) throw error
      await client.jsonPatch(resource, namespace, name, replacements, patchOptions)
      if (!settings.dryRun) await client.apply(resource, object, applyOptions)
    }
  } catch (error) {
    action.outcome = 'failed'
    action.error = describeError(error)
  }
  return action
}

/** Waits until a CRD is Established, so its kind can be served before its resources are applied. */
export async function waitForEstablished(
  client: ReconcileCluster,
  name: string,
  timeoutMs = 60_000
): Promise<void> {
  const resource = client.discovery.resolve('apiextensions.k8s.io/v1', 'CustomResourceDefinition')
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const crd = await client.get(resource, undefined, name)
    const conditions =
      (crd?.status as { conditions?: { type: string; status: string }[] } | undefined)
        ?.conditions ?? []
    if (conditions.some(c => c.type === 'Established' && c.status === 'True')) return
    if (Date.now() > deadline)
      throw new Error(
        `CustomResourceDefinition ${name} was not Established within ${timeoutMs / 1000}s`
      )
    await new Promise(resolve => setTimeout(resolve, 250))
  }
}
