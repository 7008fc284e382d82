// The key of the masked Secret hashes: secret (from the run's own credential),
// stable across runs, never the credential itself.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadKubeconfig } from '../../../src/cluster/kubeconfig.ts'
import { MASK_KEY_ENV, maskKeyFor } from '../../../src/cluster/mask-key.ts'
import { maskedValue } from '../../../src/drift/mask.ts'

function kubeconfig(user: string, server = 'https://prod.example:6443') {
  return loadKubeconfig({
    data: [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: c, cluster: {server: "${server}"}}]`,
      `users: [{name: u, user: ${user}}]`,
      'contexts: [{name: x, context: {cluster: c, user: u}}]',
      'current-context: x'
    ].join('\n')
  })
}

describe('maskKeyFor', () => {
  it('derives the same key from the same token every run, and never is the token', async () => {
    const a = await maskKeyFor(kubeconfig('{token: tok-123}'), {})
    const b = await maskKeyFor(kubeconfig('{token: tok-123}'), {})
    expect(a.source).toBe('credential')
    expect(a.key).toBe(b.key)
    expect(a.key).not.toContain('tok-123')
    expect(maskedValue(a.key, 'hunter2')).toBe(maskedValue(b.key, 'hunter2'))
  })

  it('gives another credential or another cluster another key', async () => {
    const base = await maskKeyFor(kubeconfig('{token: tok-123}'), {})
    const rotated = await maskKeyFor(kubeconfig('{token: tok-456}'), {})
    const elsewhere = await maskKeyFor(
      kubeconfig('{token: tok-123}', 'https://staging.example:6443'),
      {}
    )
    expect(rotated.key).not.toBe(base.key)
    expect(elsewhere.key).not.toBe(base.key)
  })

  it('uses a client key, inline or from its file', async () => {
    const data = Buffer.from('-----BEGIN KEY-----\nabc\n-----END KEY-----\n').toString('base64')
    const inline = await maskKeyFor(kubeconfig(`{client-key-data: ${data}}`), {})
    expect(inline.source).toBe('credential')
    const dir = mkdtempSync(join(tmpdir(), 'mask-key-'))
    writeFileSync(join(dir, 'key.pem'), 'file-key')
    const fromFile = await maskKeyFor(kubeconfig(`{client-key: ${join(dir, 'key.pem')}}`), {})
    expect(fromFile.source).toBe('credential')
    expect(fromFile.key).not.toBe(inline.key)
  })

  it(`prefers ${MASK_KEY_ENV}, the same for every credential`, async () => {
    const env = { [MASK_KEY_ENV]: 'repository-secret' }
    const a = await maskKeyFor(kubeconfig('{token: tok-123}'), env)
    const b = await maskKeyFor(kubeconfig('{token: other}'), env)
    expect(a).toEqual({ key: b.key, source: 'env' })
  })

  it('falls back to a key for this run only when the credential is minted per run (exec)', async () => {
    const exec = '{exec: {apiVersion: client.authentication.k8s.io/v1, command: get-token}}'
    const a = await maskKeyFor(kubeconfig(exec), {})
    const b = await maskKeyFor(kubeconfig(exec), {})
    expect(a.source).toBe('run')
    expect(a.key).not.toBe(b.key)
  })
})
