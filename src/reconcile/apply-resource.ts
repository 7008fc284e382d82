// Puts one resource back to what Git says: remove the fields Git does not have,
// then server-side apply the desired object. Failures are returned, not thrown,
// so one resource never stops the rest.
import type { ClusterClient } from '../cluster/client.ts'
import { describeError, isRefusedApply } from '../engine/describe-error.ts'
import { desiredSide } from '../drift/index.ts'
import type { DesiredObject, IgnoreRule, ResourceResult } from '../types.ts'
import { removalOperations, replacementOperations } from './field-patches.ts'
import { withoutIgnoredFields } from './respect-ignores.ts'
import type { ReconcileAction } from './types.ts'

export interface ApplySettings {
  fieldManager: string
  forceConflicts: boolean
  dryRun: boolean
  /** the target's ignore rules: fields they silence keep their live values. */
  ignore: IgnoreRule[]
}

export async function applyResource(
  client: ClusterClient,
  result: ResourceResult,
  desired: DesiredObject,
  settings: ApplySettings
): Promise<ReconcileAction> {
  // What the server is sent: Git's object without the fields a controller owns.
  desired = { ...desired, object: desiredSide(desired.object).applied }
  const { namespace, name = '' } = desired.object.metadata
  let object = desired.object
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
    const resource = client.discovery.resolve(object.apiVersion, object.kind)
    if (result.ignored > 0) {
      const live = await client.get(resource, namespace, name)
      if (live)
        object = withoutIgnoredFields(desired, live, settings.ignore, settings.fieldManager).object
    }
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
  client: ClusterClient,
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
