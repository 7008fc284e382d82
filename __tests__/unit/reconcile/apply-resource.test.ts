// Reconcile applies from what detection handed on: the fields the ignore rules
// silenced keep their live values, and nothing is read again before the apply.
import { describe, expect, it } from '@jest/globals'
import type { ReconcileCluster } from '../../../src/engine/cluster-port.ts'
import { desiredSide } from '../../../src/drift/index.ts'
import { applyResource } from '../../../src/reconcile/apply-resource.ts'
import type { PlannedApply } from '../../../src/reconcile/plan.ts'
import type { KubeObject } from '../../../src/types.ts'
import { CONFIGMAPS, FakeCluster, configMap } from '../engine/fake-cluster.ts'

/** The engine's stand-in, with reconcile's writes recorded. */
function reconcileCluster(): { cluster: ReconcileCluster; applied: KubeObject[]; calls: string[] } {
  const fake = new FakeCluster()
  const applied: KubeObject[] = []
  const apply = fake.apply.bind(fake)
  fake.apply = async (r, object, options) => {
    applied.push(object)
    return apply(r, object, options)
  }
  const cluster: ReconcileCluster = Object.assign(fake, {
    discovery: { ...fake.discovery, reload: async () => {} },
    jsonPatch: async () => configMap('x', {}),
    delete: async () => {}
  })
  return { cluster, applied, calls: fake.calls }
}

const live = configMap('settings', { mode: 'live', size: 'live' })
const desired = configMap('settings', { mode: 'git', size: 'git' })

function planned(ignoredPaths: string[]): PlannedApply {
  const changes = ['/data/mode', '/data/size'].map(path => ({
    path,
    reason: 'changed' as const,
    desired: 'git',
    live: 'live'
  }))
  return {
    result: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'web',
      name: 'settings',
      status: 'Drifted',
      method: 'server',
      changes: changes.filter(c => !ignoredPaths.includes(c.path)),
      diff: '',
      error: null,
      ignored: ignoredPaths.length
    },
    placed: {
      desired: { object: desired, source: { file: 'cm.yaml', line: 1 } },
      resource: CONFIGMAPS,
      namespace: 'web',
      name: 'settings',
      side: desiredSide(desired)
    },
    live,
    ignored: changes.filter(c => ignoredPaths.includes(c.path))
  }
}

const settings = { fieldManager: 'kube-drift', forceConflicts: true, dryRun: false }

describe('applyResource', () => {
  it('leaves ignored fields out, from the live state detection read (no GET)', async () => {
    const { cluster, applied, calls } = reconcileCluster()
    const action = await applyResource(cluster, planned(['/data/mode']), settings)
    expect(action.outcome).toBe('applied')
    expect(applied.map(o => o.data)).toEqual([{ size: 'git' }])
    expect(calls).toEqual(['APPLY configmaps web/settings'])
  })

  it('applies Git as it is when nothing was ignored', async () => {
    const { cluster, applied } = reconcileCluster()
    await applyResource(cluster, planned([]), settings)
    expect(applied).toEqual([desired])
  })
})
