// Reconciliation: detect, apply Git's state to what drifted or is missing
// (Namespaces and CRDs first), prune what the selector allows, detect again.
// Like `terraform apply` after `terraform plan`: on purpose, and safe.
import { runCheck } from '../engine/check.ts'
import type { CheckOptions } from '../engine/check.ts'
import type { ReconcileCluster } from '../engine/cluster-port.ts'
import { describeError } from '../engine/describe-error.ts'
import { placeObjects } from '../engine/placement.ts'
import type { PlacedObject } from '../engine/placement.ts'
import { ClusterSessions } from '../engine/sessions.ts'
import type { ResourceResult } from '../types.ts'
import { mapWithConcurrency } from '../util/pool.ts'
import { applyResource, waitForEstablished } from './apply-resource.ts'
import type { ApplySettings } from './apply-resource.ts'
import { planReconcile } from './plan.ts'
import type { PlannedApply } from './plan.ts'
import type { ReconcileAction, ReconcileResult } from './types.ts'

export type { ReconcileAction, ReconcileResult } from './types.ts'

export interface ReconcileOptions extends Omit<CheckOptions, 'sessions'> {
  dryRun: boolean
  prune: boolean
  /** `Kind/name` of Namespaces and CRDs that prune may delete. */
  allowPrune?: string[]
  forceConflicts: boolean
  /** the GitHub event that started the run (GITHUB_EVENT_NAME), for the pull-request guard. */
  event?: string
  allowOnPullRequest?: boolean
}

export async function runReconcile(options: ReconcileOptions): Promise<ReconcileResult> {
  assertAllowed(options)
  const sessions = new ClusterSessions(options)
  const before = await runCheck({ ...options, sessions })

  const actions: ReconcileAction[] = []
  const skipped: ReconcileResult['skipped'] = []

  // Each target's detection hands on what it found: nothing is placed, read or compared again.
  for (const detected of before.detected) {
    const session = await sessions.get(detected.target.context)
    const settings: ApplySettings = {
      fieldManager: options.fieldManager,
      forceConflicts: options.forceConflicts,
      dryRun: options.dryRun
    }
    const plan = planReconcile(detected.resources, {
      prune: options.prune,
      allowPrune: options.allowPrune ?? []
    })
    skipped.push(...plan.skipped)
    options.progress?.(
      `${detected.target.name}: ${options.dryRun ? 'would apply' : 'applying'} ${plan.foundations.length + plan.rest.length}, prune ${plan.prunes.length}`
    )

    for (const planned of plan.foundations) {
      const action = await applyResource(session.client, planned, settings)
      actions.push(action)
      if (action.outcome === 'applied' && action.kind === 'CustomResourceDefinition') {
        await waitForEstablished(session.client, action.name).catch((error: unknown) => {
          action.outcome = 'failed'
          action.error = describeError(error)
        })
      }
    }
    const rest = [...plan.rest]
    if (
      !options.dryRun &&
      plan.foundations.some(p => p.result.kind === 'CustomResourceDefinition')
    ) {
      // Kinds of the CRDs just created are served now: their resources can be applied too.
      await session.client.discovery.reload()
      const now = placeObjects(
        detected.unplaced.map(u => u.desired),
        session.client.discovery,
        detected.namespace
      )
      rest.push(...now.placed.map(newlyServed))
    }
    actions.push(
      ...(await mapWithConcurrency(rest, options.concurrency, planned =>
        applyResource(session.client, planned, settings)
      ))
    )
    actions.push(
      ...(await mapWithConcurrency(plan.prunes, options.concurrency, extra =>
        pruneResource(session.client, extra, options.dryRun)
      ))
    )
  }

  const after = options.dryRun ? null : (await runCheck({ ...options, sessions })).report
  return {
    dryRun: options.dryRun,
    before: before.report,
    after,
    actions,
    skipped,
    failed: actions.filter(a => a.outcome === 'failed').length
  }
}

function assertAllowed(options: ReconcileOptions): void {
  if (
    (options.event === 'pull_request' || options.event === 'pull_request_target') &&
    !options.allowOnPullRequest
  ) {
    throw new Error(
      `reconcile refuses to run from a ${options.event} event: a pull request must not change the cluster before it is merged (set allow-on-pull-request: true to allow it)`
    )
  }
  if (options.prune) {
    const unscoped = options.targets.filter(t => !t.selector)
    if (unscoped.length > 0) {
      throw new Error(
        `prune needs an explicit selector, so only objects that belong to the target are deleted; target ${unscoped.map(t => `"${t.name}"`).join(', ')} has none`
      )
    }
  }
}

/** A resource whose kind was unknown at detection (its CRD was missing) is created now. */
function newlyServed(placed: PlacedObject): PlannedApply {
  const result: ResourceResult = {
    apiVersion: placed.desired.object.apiVersion,
    kind: placed.desired.object.kind,
    namespace: placed.namespace,
    name: placed.name,
    status: 'Missing',
    method: 'none',
    changes: [],
    diff: '',
    error: null,
    ignored: 0
  }
  return { result, placed, live: null, ignored: [] }
}

async function pruneResource(
  client: ReconcileCluster,
  extra: ResourceResult,
  dryRun: boolean
): Promise<ReconcileAction> {
  const action: ReconcileAction = {
    apiVersion: extra.apiVersion,
    kind: extra.kind,
    namespace: extra.namespace,
    name: extra.name,
    action: 'prune',
    removedFields: [],
    outcome: dryRun ? 'would-apply' : 'applied'
  }
  try {
    const resource = client.discovery.resolve(extra.apiVersion, extra.kind)
    await client.delete(resource, extra.namespace, extra.name, dryRun)
  } catch (error) {
    action.outcome = 'failed'
    action.error = describeError(error)
  }
  return action
}
