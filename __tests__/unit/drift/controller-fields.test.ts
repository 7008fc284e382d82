import { withoutControllerOwnedFields } from '../../../src/drift/controller-fields.ts'

describe('withoutControllerOwnedFields', () => {
  it('drops the rules of an aggregated ClusterRole', () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'monitoring' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'true' } }] },
      rules: []
    }
    expect(withoutControllerOwnedFields(role)).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'monitoring' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'true' } }] }
    })
  })

  it('keeps the rules of a plain ClusterRole, which are the deployer’s', () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'reader' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]
    }
    expect(withoutControllerOwnedFields(role)).toBe(role)
  })
})
