// The kubeconfig helm gets to render a chart that uses lookup: only the
// target's context, owner-only, removed with its folder; an exec plugin
// replaced by the token kube-drift obtained from it.
import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadKubeconfig } from '../../../src/cluster/kubeconfig.ts'
import {
  HelmKubeconfigFiles,
  singleContextKubeconfig
} from '../../../src/engine/helm-lookup-access.ts'

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster: { server: 'https://prod.example:6443', certificate-authority-data: Q0EtUFJPRA== }
  - name: staging
    cluster: { server: 'https://staging.example:6443' }
users:
  - name: deployer
    user: { token: prod-token-0123456789 }
  - name: admin
    user: { token: admin-token-9876543210 }
  - name: cloud
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: sh
        args: ['-c', 'printf %s "{\\"apiVersion\\":\\"client.authentication.k8s.io/v1\\",\\"kind\\":\\"ExecCredential\\",\\"status\\":{\\"token\\":\\"exec-token-abcdef\\"}}"']
        interactiveMode: Never
contexts:
  - name: prod
    context: { cluster: prod, user: deployer, namespace: shop }
  - name: staging-admin
    context: { cluster: staging, user: admin }
  - name: cloud
    context: { cluster: prod, user: cloud }
current-context: staging-admin
`

describe('singleContextKubeconfig', () => {
  it('holds the chosen context, its cluster and its user, nothing else', async () => {
    const text = await singleContextKubeconfig(
      loadKubeconfig({ data: KUBECONFIG, context: 'prod' })
    )
    expect(JSON.parse(text)).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'prod',
          cluster: {
            server: 'https://prod.example:6443',
            'certificate-authority-data': 'Q0EtUFJPRA==',
            'insecure-skip-tls-verify': false
          }
        }
      ],
      users: [{ name: 'deployer', user: { token: 'prod-token-0123456789' } }],
      contexts: [
        { name: 'prod', context: { cluster: 'prod', user: 'deployer', namespace: 'shop' } }
      ],
      'current-context': 'prod'
    })
    expect(text).not.toContain('admin-token')
  })

  it('gives the token of an exec plugin instead of the plugin', async () => {
    const text = await singleContextKubeconfig(
      loadKubeconfig({ data: KUBECONFIG, context: 'cloud' })
    )
    const users = (JSON.parse(text) as { users: { name: string; user: Record<string, unknown> }[] })
      .users
    expect(users).toEqual([{ name: 'cloud', user: { token: 'exec-token-abcdef' } }])
  })
})

describe('HelmKubeconfigFiles', () => {
  it('writes 0600 files in owner-only folders and removes them all', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'kube-drift-helm-files-'))
    try {
      const files = new HelmKubeconfigFiles(parent)
      const a = await files.write(loadKubeconfig({ data: KUBECONFIG, context: 'prod' }))
      const b = await files.write(loadKubeconfig({ data: KUBECONFIG, context: 'staging-admin' }))
      expect(statSync(a).mode & 0o777).toBe(0o600)
      expect(statSync(path.dirname(a)).mode & 0o777).toBe(0o700)
      expect(JSON.parse(readFileSync(b, 'utf8'))['current-context']).toBe('staging-admin')
      await files.removeAll()
      expect([existsSync(path.dirname(a)), existsSync(path.dirname(b))]).toEqual([false, false])
    } finally {
      rmSync(parent, { recursive: true, force: true })
    }
  })
})
