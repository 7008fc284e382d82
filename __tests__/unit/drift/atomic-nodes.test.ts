import { compareResource } from '../../../src/drift/index.ts'
import type { KubeObject } from '../../../src/types.ts'
import { T_EDIT, addEntry, deploymentDesired, deploymentLive, entry, setAt } from './fixtures.ts'

// The local comparison (read-only identity) must see what the server would: an
// atomic selector or toleration list is replaced whole on apply.
const local = (desired: KubeObject, live: KubeObject) =>
  compareResource({
    desired: { object: desired, source: { file: 'd.yaml', line: 1 } },
    live,
    dryRun: null,
    fieldManager: 'kube-drift',
    ignore: [],
    salt: 's'
  })

describe('atomic nodes in the local comparison', () => {
  it('reports a selector label Git does not have', () => {
    const live = deploymentLive()
    const selector = (live.spec as { selector: { matchLabels: Record<string, string> } }).selector
    selector.matchLabels = { ...selector.matchLabels, tier: 'web' }
    addEntry(live, entry('helm', 'Update', { 'f:spec': { 'f:selector': {} } }, T_EDIT))
    const result = local(deploymentDesired(), live)
    expect(result.status).toBe('Drifted')
    expect(result.changes.map(c => c.path)).toContain('/spec/selector/matchLabels/tier')
  })

  it('reports a toleration added to an atomic list', () => {
    const desired = deploymentDesired()
    setAt(desired, '/spec/template/spec/tolerations', [{ key: 'a', operator: 'Exists' }])
    const live = deploymentLive()
    setAt(live, '/spec/template/spec/tolerations', [
      { key: 'a', operator: 'Exists' },
      { key: 'b', operator: 'Exists' }
    ])
    addEntry(
      live,
      entry(
        'helm',
        'Update',
        { 'f:spec': { 'f:template': { 'f:spec': { 'f:tolerations': {} } } } },
        T_EDIT
      )
    )
    const result = local(desired, live)
    expect(result.status).toBe('Drifted')
    expect(result.changes.map(c => c.path)).toContain('/spec/template/spec/tolerations/1')
  })

  it('takes live-only fields inside a same-length atomic list for server defaults (no false drift; the fast path still asks the server)', () => {
    const desired = deploymentDesired()
    setAt(desired, '/spec/template/spec/tolerations', [{ key: 'a', operator: 'Exists' }])
    const live = deploymentLive()
    setAt(live, '/spec/template/spec/tolerations', [
      { key: 'a', operator: 'Exists', effect: 'NoSchedule' }
    ])
    addEntry(
      live,
      entry(
        'helm',
        'Update',
        { 'f:spec': { 'f:template': { 'f:spec': { 'f:tolerations': {} } } } },
        T_EDIT
      )
    )
    expect(local(desired, live).status).toBe('InSync')
  })

  it('B19: reports both the toleration Git has and the one a merge patch put instead, by kubectl-patch', () => {
    const desired = deploymentDesired()
    setAt(desired, '/spec/template/spec/tolerations', [{ key: 'dedicated', operator: 'Exists' }])
    const live = deploymentLive()
    setAt(live, '/spec/template/spec/tolerations', [{ key: 'spot', operator: 'Exists' }])
    addEntry(
      live,
      entry(
        'kubectl-patch',
        'Update',
        { 'f:spec': { 'f:template': { 'f:spec': { 'f:tolerations': {} } } } },
        T_EDIT
      )
    )
    const result = local(desired, live)
    expect(result.changes).toEqual([
      {
        path: '/spec/template/spec/tolerations/0',
        reason: 'changed',
        live: { key: 'spot', operator: 'Exists' },
        manager: 'kubectl-patch',
        operation: 'Update',
        time: T_EDIT
      },
      {
        path: '/spec/template/spec/tolerations/0',
        reason: 'changed',
        desired: { key: 'dedicated', operator: 'Exists' },
        manager: 'kubectl-patch',
        operation: 'Update',
        time: T_EDIT
      }
    ])
  })

  it('B19: reports the removed and the added key of a selector inside an atomic list (aggregationRule)', () => {
    const role = (key: string): KubeObject => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'monitoring' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [key]: 'true' } }] }
    })
    const live = role('example.com/aggregate-to-other')
    live.metadata.managedFields = [
      {
        manager: 'kubectl-patch',
        operation: 'Update',
        apiVersion: 'rbac.authorization.k8s.io/v1',
        time: T_EDIT,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:aggregationRule': { 'f:clusterRoleSelectors': {} } }
      }
    ]
    const selector = '/aggregationRule/clusterRoleSelectors/0/matchLabels'
    expect(local(role('example.com/aggregate-to-monitoring'), live).changes).toEqual([
      {
        path: `${selector}/example.com~1aggregate-to-monitoring`,
        reason: 'changed',
        desired: 'true',
        manager: 'kubectl-patch',
        operation: 'Update',
        time: T_EDIT
      },
      {
        path: `${selector}/example.com~1aggregate-to-other`,
        reason: 'changed',
        live: 'true',
        manager: 'kubectl-patch',
        operation: 'Update',
        time: T_EDIT
      }
    ])
  })
})
