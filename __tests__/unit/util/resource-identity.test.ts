import {
  collectionId,
  formatApiVersion,
  formatResource,
  groupOf,
  groupResource,
  keyOf,
  parseApiVersion,
  resourceId
} from '../../../src/util/resource-identity.ts'
import type { KubeObject } from '../../../src/types.ts'

const object = (
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string
): KubeObject => ({
  apiVersion,
  kind,
  metadata: namespace === undefined ? { name } : { name, namespace }
})

describe('parseApiVersion, groupOf, formatApiVersion', () => {
  it("is the part of apiVersion before '/', '' for core", () => {
    expect(groupOf('apps/v1')).toBe('apps')
    expect(groupOf('networking.k8s.io/v1')).toBe('networking.k8s.io')
    expect(groupOf('v1')).toBe('')
  })

  it('splits group and version, and writes them back the same', () => {
    expect(parseApiVersion('apps/v1')).toEqual({ group: 'apps', version: 'v1' })
    expect(parseApiVersion('v1')).toEqual({ group: '', version: 'v1' })
    for (const apiVersion of ['v1', 'apps/v1', 'rbac.authorization.k8s.io/v1beta1']) {
      expect(formatApiVersion(parseApiVersion(apiVersion))).toBe(apiVersion)
    }
  })
})

describe('keyOf', () => {
  it('keeps apiVersion, kind, namespace and name', () => {
    expect(keyOf(object('apps/v1', 'Deployment', 'api', 'web'))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'web',
      name: 'api'
    })
  })

  it('has no namespace for a cluster-scoped object, and takes the fallback only when the field is absent', () => {
    expect(keyOf(object('v1', 'Namespace', 'web'))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      name: 'web'
    })
    expect(keyOf(object('v1', 'ConfigMap', 'settings'), 'web').namespace).toBe('web')
    // An empty namespace is no namespace: not filled in, not written as ''.
    expect('namespace' in keyOf(object('v1', 'ConfigMap', 'settings', ''), 'web')).toBe(false)
    expect('namespace' in keyOf(object('v1', 'ConfigMap', 'settings', ''))).toBe(false)
  })
})

describe('resourceId', () => {
  const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'api' }

  it('is the same across versions of a group: the version is not part of the identity', () => {
    expect(resourceId({ ...deployment, apiVersion: 'apps/v1beta2' })).toBe(resourceId(deployment))
  })

  it('differs by group, kind, namespace and name', () => {
    const id = resourceId(deployment)
    expect(resourceId({ ...deployment, apiVersion: 'extensions/v1beta1' })).not.toBe(id)
    expect(resourceId({ ...deployment, kind: 'StatefulSet' })).not.toBe(id)
    expect(resourceId({ ...deployment, namespace: 'db' })).not.toBe(id)
    expect(resourceId({ ...deployment, name: 'web' })).not.toBe(id)
  })

  it('treats an empty namespace as none', () => {
    expect(resourceId({ apiVersion: 'v1', kind: 'Namespace', name: 'web', namespace: '' })).toBe(
      resourceId({ apiVersion: 'v1', kind: 'Namespace', name: 'web' })
    )
  })

  it('cannot be forged by names that contain the separators of a joined string', () => {
    expect(
      resourceId({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a/b', name: 'c' })
    ).not.toBe(resourceId({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: 'b/c' }))
  })
})

describe('formatResource', () => {
  it('writes kind.group namespace/name, core kinds without group, cluster-scoped without namespace', () => {
    expect(formatResource(keyOf(object('apps/v1', 'Deployment', 'api', 'web')))).toBe(
      'Deployment.apps web/api'
    )
    expect(formatResource(keyOf(object('v1', 'ConfigMap', 'settings', 'web')))).toBe(
      'ConfigMap web/settings'
    )
    expect(
      formatResource(keyOf(object('rbac.authorization.k8s.io/v1', 'ClusterRole', 'admin')))
    ).toBe('ClusterRole.rbac.authorization.k8s.io admin')
  })

  it('does not name the version', () => {
    expect(formatResource(keyOf(object('apps/v1beta2', 'Deployment', 'api', 'web')))).toBe(
      'Deployment.apps web/api'
    )
  })
})

describe('groupResource and collectionId', () => {
  it('spells a REST collection as kubectl does', () => {
    expect(groupResource('apps', 'deployments')).toBe('deployments.apps')
    expect(groupResource('', 'configmaps')).toBe('configmaps')
    expect(groupResource('rbac.authorization.k8s.io', 'clusterroles')).toBe(
      'clusterroles.rbac.authorization.k8s.io'
    )
  })

  it('tells collections apart by group, resource and namespace; none is cluster-wide', () => {
    expect(collectionId('apps', 'deployments', 'web')).not.toBe(
      collectionId('', 'deployments', 'web')
    )
    expect(collectionId('apps', 'deployments', 'web')).not.toBe(collectionId('apps', 'deployments'))
    expect(collectionId('', 'namespaces')).toBe(collectionId('', 'namespaces', ''))
  })
})
