import { desiredSide } from '../../../src/drift/index.ts'
import type { KubeObject } from '../../../src/types.ts'
import { compare } from './compare-helpers.ts'
import { deploymentDesired, secretDesired } from './fixtures.ts'

const aggregated = (rules: unknown[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'monitoring' },
  aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'true' } }] },
  rules
})

describe('desiredSide', () => {
  it('sends the server Git’s object without controller-owned fields', () => {
    expect(desiredSide(aggregated([])).applied).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'monitoring' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'true' } }] }
    })
  })

  it('stores a Secret as the server would, and normalizes what is stored', () => {
    const side = desiredSide(secretDesired('pw'))
    expect(side.stored.stringData).toBeUndefined()
    expect(side.stored.type).toBe('Opaque')
    expect(side.normalized.data).toEqual(side.stored.data)
  })

  it('builds the normalized form once, leaving Git’s object as it was', () => {
    const desired = deploymentDesired()
    desired.status = {}
    const side = desiredSide(desired)
    expect(side.normalized).toBe(side.normalized)
    expect(side.normalized.status).toBeUndefined()
    expect(desired.status).toEqual({})
  })

  it('keeps controller-owned fields out of the comparison itself, not only out of placement', () => {
    const live = aggregated([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }])
    live.metadata = { ...live.metadata, uid: 'u', resourceVersion: '1' }
    expect(compare(aggregated([]), live).status).toBe('InSync')
  })
})
