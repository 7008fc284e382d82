// The transport's retry rules, against a local HTTP server that fails on
// purpose: reads and applies are retried; a JSON Patch that may have been done
// already (a lost answer, a 500) is never sent twice.
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { KubeHttp } from '../../../src/cluster/http.ts'
import { loadKubeconfig } from '../../../src/cluster/kubeconfig.ts'

type Behaviour = 'drop' | 500 | 503
let server: Server
let received = 0
let failuresLeft = 0
let behaviour: Behaviour = 'drop'

beforeAll(async () => {
  server = createServer((req, res) => {
    received++
    if (failuresLeft > 0) {
      failuresLeft--
      if (behaviour === 'drop') return void req.socket.destroy()
      res.writeHead(behaviour, { 'content-type': 'application/json' })
      return void res.end(JSON.stringify({ kind: 'Status', message: 'injected', code: behaviour }))
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"kind":"ConfigMap"}')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
})
afterAll(() => new Promise<void>(resolve => server.close(() => resolve())))

function http(): KubeHttp {
  const port = (server.address() as AddressInfo).port
  const kubeconfig = `apiVersion: v1
clusters: [{ name: c, cluster: { server: 'http://127.0.0.1:${port}', insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`
  return new KubeHttp(loadKubeconfig({ data: kubeconfig }).kc, {
    retries: 3,
    backoffMs: 1,
    timeoutMs: 2000
  })
}

async function send(idempotent: boolean | undefined, how: Behaviour, failures: number) {
  received = 0
  failuresLeft = failures
  behaviour = how
  const client = http()
  const request = {
    method: 'PATCH' as const,
    path: '/api/v1/namespaces/a/configmaps/b',
    body: [],
    idempotent
  }
  try {
    await client.request(request)
    return { received, ok: true }
  } catch (error) {
    return { received, ok: false, error: (error as Error).message }
  }
}

describe('KubeHttp retries', () => {
  it('retries an idempotent request after a dropped connection and a 500', async () => {
    expect(await send(undefined, 'drop', 2)).toEqual({ received: 3, ok: true })
    expect(await send(undefined, 500, 2)).toEqual({ received: 3, ok: true })
  })

  it('never sends a non-idempotent request twice after a lost answer or a 500', async () => {
    const dropped = await send(false, 'drop', 1)
    expect(dropped).toMatchObject({ received: 1, ok: false })
    expect(dropped.error).toMatch(
      /^PATCH \/api\/v1\/namespaces\/a\/configmaps\/b to http:\/\/127\.0\.0\.1:\d+: the connection failed/
    )
    expect(await send(false, 500, 1)).toMatchObject({ received: 1, ok: false })
  })

  it('retries a non-idempotent request after a 503, which the server did not act on', async () => {
    expect(await send(false, 503, 2)).toEqual({ received: 3, ok: true })
  })
})
