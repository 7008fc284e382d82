// Kubeconfigs for identities beyond the launcher's three: a service account
// token with a narrow Role, a server that cannot be reached, a proxy.
import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dump, load } from 'js-yaml'
import { testKubeconfigPath } from './cluster-env.ts'
import { kubectl } from './harness.ts'

interface KubeconfigDoc {
  clusters: { name: string; cluster: Record<string, unknown> }[]
  users: { name: string; user: Record<string, unknown> }[]
  contexts: { name: string; context: { cluster: string; user: string } }[]
}

export function adminCredentials() {
  const doc = load(readFileSync(testKubeconfigPath(), 'utf8')) as KubeconfigDoc
  const context = doc.contexts.find(c => c.name === 'admin')
  const cluster = doc.clusters.find(c => c.name === context?.context.cluster)?.cluster ?? {}
  const user = doc.users.find(u => u.name === context?.context.user)?.user ?? {}
  const decode = (value: unknown) => Buffer.from(String(value), 'base64')
  return {
    server: String(cluster.server),
    ca: decode(cluster['certificate-authority-data']),
    cert: decode(user['client-certificate-data']),
    key: decode(user['client-key-data'])
  }
}

/** A kubeconfig for one bearer token or a plain-HTTP server (for the fault-injecting proxy). */
export function writeKubeconfig(
  name: string,
  cluster: Record<string, unknown>,
  user: Record<string, unknown>
): string {
  const path = join(tmpdir(), `kube-drift-${name}-${process.pid}.kubeconfig`)
  writeFileSync(
    path,
    dump({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name, cluster }],
      users: [{ name, user }],
      contexts: [{ name, context: { cluster: name, user: name } }],
      'current-context': name
    }),
    { mode: 0o600 }
  )
  return path
}

/** A service account in `namespace` allowed exactly `verbs` on `resources` there; returns its kubeconfig. */
export function serviceAccountKubeconfig(
  namespace: string,
  name: string,
  rules: { resources: string[]; apiGroups: string[]; verbs: string[] }[]
): string {
  kubectl(['apply', '--server-side', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'Role',
          metadata: { name, namespace },
          rules
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name, namespace },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
          subjects: [{ kind: 'ServiceAccount', name, namespace }]
        }
      ]
    })
  })
  const token = kubectl(['-n', namespace, 'create', 'token', name]).trim()
  const admin = adminCredentials()
  return writeKubeconfig(
    `${namespace}-${name}`,
    { server: admin.server, 'certificate-authority-data': admin.ca.toString('base64') },
    { token }
  )
}
