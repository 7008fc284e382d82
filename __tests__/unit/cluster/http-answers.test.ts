// The transport fails closed: an answer is used only when it is complete JSON
// of the promised shape; only a Kubernetes Status NotFound means "absent";
// Retry-After is honoured (capped); a hung request is tried twice, not five
// times; a credential plugin that fails is run once and named. Against a
// local HTTP server that answers each request as the test says.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ClusterClient } from '../../../src/cluster/client.ts'
import { MAX_RETRY_AFTER_MS, KubeHttp, retryAfterMs } from '../../../src/cluster/http.ts'
import type { KubeRequest } from '../../../src/cluster/http.ts'
import { loadKubeconfig } from '../../../src/cluster/kubeconfig.ts'
import { objectShape, listShape } from '../../../src/cluster/shapes.ts'

type Answer = (req: IncomingMessage, res: ServerResponse) => void
let server: Server
let answers: Answer[] = []
let received: number[] = []

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(typeof body === 'string' ? body : JSON.stringify(body))
  }
}
const status = (code: number, reason: string, headers: Record<string, string> = {}) =>
  json(
    code,
    { kind: 'Status', status: 'Failure', reason, message: `injected ${reason}`, code },
    headers
  )
const configMap = json(200, { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'b' } })

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push(Date.now())
    const answer = answers.shift() ?? configMap
    answer(req, res)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
})
afterAll(() => new Promise<void>(resolve => server.close(() => resolve())))

function kubeconfig(user = '{ token: t }'): string {
  const port = (server.address() as AddressInfo).port
  return `apiVersion: v1
clusters: [{ name: c, cluster: { server: 'http://127.0.0.1:${port}', insecure-skip-tls-verify: true } }]
users: [{ name: alice, user: ${user} }]
contexts: [{ name: prod, context: { cluster: c, user: alice } }]
current-context: prod
`
}

function http(options: { timeoutMs?: number; user?: string } = {}): KubeHttp {
  return new KubeHttp(loadKubeconfig({ data: kubeconfig(options.user) }).kc, {
    retries: 3,
    backoffMs: 1,
    timeoutMs: options.timeoutMs ?? 2000
  })
}

const GET: KubeRequest = { method: 'GET', path: '/api/v1/namespaces/a/configmaps/b' }

async function outcome(request: KubeRequest, given: Answer[], client = http()) {
  answers = [...given]
  received = []
  try {
    return { ok: true, body: await client.request(request), count: received.length }
  } catch (error) {
    return { ok: false, error: (error as Error).message, count: received.length, thrown: error }
  }
}

describe('what a 404 means', () => {
  it('a Status with reason NotFound is "absent"', async () => {
    expect(await outcome(GET, [status(404, 'NotFound')])).toMatchObject({ ok: true, body: null })
  })

  it('a plain-text 404 (no Kubernetes Status) is an error naming the request', async () => {
    const result = await outcome(GET, [
      (_req, res) => {
        res.writeHead(404, { 'content-type': 'text/plain' })
        res.end('404 page not found\n')
      }
    ])
    expect(result.ok).toBe(false)
    expect(result.error).toBe(
      'no Kubernetes Status in the answer, the body says "404 page not found"'
    )
    expect(result.thrown).toMatchObject({ status: 404, request: `GET ${GET.path}` })
    expect(result.count).toBe(1)
  })
})

describe('answers that are no answer', () => {
  it('a truncated JSON body is retried like a lost connection, then named with the request', async () => {
    const cut = json(200, '{"kind":"ConfigMap","metadata":{"name":"b","annot')
    const recovered = await outcome(GET, [cut, cut])
    expect(recovered).toMatchObject({ ok: true, count: 3 })
    const failed = await outcome(GET, [cut, cut, cut, cut, cut])
    expect(failed.ok).toBe(false)
    expect(failed.count).toBe(4)
    expect(failed.error).toMatch(
      /^GET \/api\/v1\/namespaces\/a\/configmaps\/b to http:\/\/127\.0\.0\.1:\d+: the answer is not complete JSON \(.*, 49 bytes\)$/
    )
  })

  it('a truncated answer to a non-idempotent request is not sent again', async () => {
    const cut = json(200, '{"kind":"ConfigMap"')
    const result = await outcome({ ...GET, method: 'PATCH', body: [], idempotent: false }, [cut])
    expect(result).toMatchObject({ ok: false, count: 1 })
  })

  it('an empty 200 body is an error, never an object', async () => {
    const empty = json(200, '')
    const result = await outcome({ ...GET, shape: objectShape }, [empty, empty, empty, empty])
    expect(result.ok).toBe(false)
    expect(result.error).toMatch(/: the answer is empty \(HTTP 200\)$/)
  })

  it('`{}` to a LIST is a malformed answer, not an empty list', async () => {
    const result = await outcome({ ...GET, path: '/api/v1/configmaps', shape: listShape }, [
      json(200, {})
    ])
    expect(result.ok).toBe(false)
    expect(result.error).toMatch(
      /^GET \/api\/v1\/configmaps to http:\/\/127\.0\.0\.1:\d+: malformed answer: the list has no items array$/
    )
  })

  it('an object without kind or metadata is malformed', async () => {
    const result = await outcome({ ...GET, shape: objectShape }, [json(200, { spec: {} })])
    expect(result.error).toMatch(/malformed answer: the object has no kind, metadata$/)
  })
})

describe('Retry-After', () => {
  it('is honoured on 429 and 503 instead of the short backoff', async () => {
    const result = await outcome(GET, [
      status(429, 'TooManyRequests', { 'retry-after': '1' }),
      status(503, 'ServiceUnavailable', { 'retry-after': '1' })
    ])
    expect(result).toMatchObject({ ok: true, count: 3 })
    const [first, second, third] = received as [number, number, number]
    expect(second - first).toBeGreaterThanOrEqual(950)
    expect(third - second).toBeGreaterThanOrEqual(950)
  })

  it('is capped, read as seconds or as an HTTP date', () => {
    expect(retryAfterMs('2', MAX_RETRY_AFTER_MS)).toBe(2000)
    expect(retryAfterMs('3600', MAX_RETRY_AFTER_MS)).toBe(MAX_RETRY_AFTER_MS)
    expect(MAX_RETRY_AFTER_MS).toBe(5000)
    const inTwoSeconds = new Date(Date.now() + 2500).toUTCString()
    expect(retryAfterMs(inTwoSeconds, 10_000)).toBeGreaterThan(1000)
    expect(retryAfterMs('soon', 10_000)).toBeUndefined()
    expect(retryAfterMs(undefined, 10_000)).toBeUndefined()
  })

  it('a 500 burst that passes is retried to success', async () => {
    const burst = status(500, 'InternalError')
    expect(await outcome(GET, [burst, burst, burst])).toMatchObject({ ok: true, count: 4 })
  })
})

describe('a request that hangs', () => {
  it('is tried twice within the timeout each, then fails naming the request and the timeout', async () => {
    const hang: Answer = () => {}
    const started = Date.now()
    const result = await outcome(GET, [hang, hang, hang, hang], http({ timeoutMs: 300 }))
    expect(result.ok).toBe(false)
    expect(result.count).toBe(2)
    expect(result.error).toMatch(
      /^GET \/api\/v1\/namespaces\/a\/configmaps\/b to .*: no complete answer within 0\.3 s \(--timeout\)$/
    )
    expect(Date.now() - started).toBeLessThan(2000)
  })
})

describe('credentials', () => {
  it('a 401 names the server, the context and the user, with a hint, and is not retried', async () => {
    const result = await outcome(GET, [status(401, 'Unauthorized'), status(401, 'Unauthorized')])
    expect(result.count).toBe(1)
    expect(result.error).toMatch(
      /^the API server http:\/\/127\.0\.0\.1:\d+ refused the credentials of user "alice" \(context "prod"\): injected Unauthorized\. Hint: .*kubectl --context prod auth whoami$/
    )
  })

  it('a failing exec plugin is run once and named with the last line of its stderr', async () => {
    const user = `{ exec: { apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: ['-c', 'echo starting >&2; echo "token expired for alice" >&2; exit 1'] } }`
    const result = await outcome(GET, [], http({ user }))
    expect(result.count).toBe(0)
    expect(result.error).toBe(
      'the credential plugin "/bin/sh" of user "alice" (context "prod") failed: token expired for alice'
    )
  })

  it('the first request of a run tells an unreachable server from a bad answer', async () => {
    const port = (server.address() as AddressInfo).port
    const unused = createServer()
    await new Promise<void>(resolve => unused.listen(0, '127.0.0.1', resolve))
    const closedPort = (unused.address() as AddressInfo).port
    await new Promise<void>(resolve => unused.close(() => resolve()))
    const closed = kubeconfig().replace(`127.0.0.1:${port}`, `127.0.0.1:${closedPort}`)
    const client = new ClusterClient(loadKubeconfig({ data: closed }), {
      retries: 1,
      backoffMs: 1
    })
    await expect(client.version()).rejects.toThrow(
      /^cannot reach the Kubernetes API server http:\/\/127\.0\.0\.1:\d+: the connection failed \(ECONNREFUSED/
    )
  })
})
