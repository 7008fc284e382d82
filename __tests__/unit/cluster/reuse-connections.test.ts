// Requests with the same TLS options share one dispatcher (one keep-alive
// connection pool); different client credentials never share one.
import { describe, expect, it } from '@jest/globals'
import { KubeConfig, RequestContext, HttpMethod } from '@kubernetes/client-node'
import { reusingDispatchers } from '../../../src/cluster/reuse-connections.ts'

function config(key: string): KubeConfig {
  const kc = new KubeConfig()
  kc.loadFromOptions({
    clusters: [
      { name: 'c', server: 'https://127.0.0.1:6443', caData: Buffer.from('ca').toString('base64') }
    ],
    users: [
      {
        name: 'u',
        certData: Buffer.from('cert').toString('base64'),
        keyData: Buffer.from(key).toString('base64')
      }
    ],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x'
  })
  return kc
}

async function dispatcherOf(kc: KubeConfig): Promise<unknown> {
  const context = new RequestContext('https://127.0.0.1:6443/api', HttpMethod.GET)
  await kc.applySecurityAuthentication(context)
  return context.getDispatcher()
}

describe('reusingDispatchers', () => {
  it('gives every request with the same options the same dispatcher', async () => {
    const auth = reusingDispatchers(config('key-1'))
    const first = await dispatcherOf(auth)
    expect(first).toBeDefined()
    expect(await dispatcherOf(auth)).toBe(first)
  })

  it('without it, the library builds a new dispatcher per request (why it exists)', async () => {
    const kc = config('key-1')
    expect(await dispatcherOf(kc)).not.toBe(await dispatcherOf(kc))
  })

  it('gives a new dispatcher when the client key changes', async () => {
    const kc = config('key-1')
    const auth = reusingDispatchers(kc)
    const first = await dispatcherOf(auth)
    // As an exec plugin rotating its client certificate would (User is read-only in its types).
    ;(kc.users[0] as { keyData?: string }).keyData = Buffer.from('key-2').toString('base64')
    expect(await dispatcherOf(auth)).not.toBe(first)
  })
})
