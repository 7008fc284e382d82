// Cluster roles for the kubeconfig's reader and differ users: reader may only read,
// differ may also create and patch.

import { httpCall, type TlsClient } from './http-client.ts'

export async function createRbac(server: string, tls: TlsClient): Promise<void> {
  const create = async (path: string, body: unknown) => {
    const res = await httpCall(`${server}${path}`, { method: 'POST', body, tls })
    if (res.status !== 201 && res.status !== 409) {
      throw new Error(`POST ${path} failed with ${res.status}: ${res.body}`)
    }
  }
  const roles: { name: string; user: string; rules: unknown[] }[] = [
    {
      name: 'kube-drift-reader',
      user: 'reader',
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
        { nonResourceURLs: ['*'], verbs: ['get'] }
      ]
    },
    {
      name: 'kube-drift-differ',
      user: 'differ',
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch', 'patch', 'create'] }
      ]
    }
  ]
  for (const role of roles) {
    await create('/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: role.name },
      rules: role.rules
    })
    await create('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: role.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: role.user }]
    })
  }
}
