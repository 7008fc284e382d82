import { UnknownKindError, describeForbidden } from '../../../src/cluster/errors.ts'

describe('describeForbidden', () => {
  it('names the identity, verb, resource, namespace and the rule that grants it', () => {
    const message = describeForbidden(
      { verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'web', name: 'api' },
      'deployments.apps "api" is forbidden: User "reader" cannot patch resource "deployments" in API group "apps" in the namespace "web"'
    )
    expect(message).toBe(
      'forbidden: identity "reader" may not patch deployments.apps in namespace web; grant it with a Role in that namespace rule {apiGroups: ["apps"], resources: ["deployments"], verbs: ["patch"]}'
    )
  })

  it('says cluster-wide for cluster-scoped resources', () => {
    expect(describeForbidden({ verb: 'list', group: '', resource: 'namespaces' }, '')).toContain(
      'may not list namespaces (cluster-wide); grant it with a ClusterRole rule'
    )
  })
})

describe('UnknownKindError', () => {
  it('names the missing CRD for a custom group', () => {
    expect(new UnknownKindError('example.com/v1', 'Widget').message).toBe(
      'unknown kind Widget in example.com/v1: the CustomResourceDefinition for Widget (group example.com) is not installed'
    )
  })
})
