// Kubeconfig files for the local cluster: one cluster entry and, per user, a context of
// the same name, with certificates embedded so the file stands on its own; mode 0600.

import { chmodSync, readFileSync, writeFileSync } from 'node:fs'

/** The contexts of the kubeconfig handed out by startCluster; admin is the current one. */
export const CONTEXTS = ['admin', 'reader', 'differ'] as const
export type ContextName = (typeof CONTEXTS)[number]

export interface KubeconfigUser {
  name: string
  cert: string
  key: string
}

function b64File(path: string): string {
  return readFileSync(path).toString('base64')
}

function kubeconfigYaml(
  server: string,
  caCert: string,
  users: KubeconfigUser[],
  current: string
): string {
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - name: kube-drift',
    '    cluster:',
    `      server: ${server}`,
    `      certificate-authority-data: ${b64File(caCert)}`,
    'users:'
  ]
  for (const user of users) {
    lines.push(
      `  - name: ${user.name}`,
      '    user:',
      `      client-certificate-data: ${b64File(user.cert)}`,
      `      client-key-data: ${b64File(user.key)}`
    )
  }
  lines.push('contexts:')
  for (const user of users) {
    lines.push(
      `  - name: ${user.name}`,
      '    context:',
      '      cluster: kube-drift',
      `      user: ${user.name}`
    )
  }
  lines.push(`current-context: ${current}`, 'preferences: {}', '')
  return lines.join('\n')
}

function writePrivateFile(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 })
  chmodSync(path, 0o600)
}

/** Writes path (mode 0600): cluster kube-drift at server, a context per user, current the given one. */
export function writeKubeconfigFile(
  path: string,
  server: string,
  caCert: string,
  users: KubeconfigUser[],
  current: string
): void {
  writePrivateFile(path, kubeconfigYaml(server, caCert, users, current))
}
