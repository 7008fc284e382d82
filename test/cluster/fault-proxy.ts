// A fault-injecting proxy between kube-drift and the REAL API server. Plain
// HTTP in front (the kubeconfig points at it), TLS with the given client
// credentials behind. Each request is matched against rules — method, a
// regular expression on path and query, which occurrences (1-based) — and the
// first rule that matches injects its fault; everything else passes through
// untouched. Every request is recorded with the fault it got, so a test can
// say how many times kube-drift asked and what it was told.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { Agent, request as httpsRequest } from 'node:https'
import type { AddressInfo } from 'node:net'

export type Fault =
  /** the connection is dropped before any answer (ECONNRESET). */
  | { kind: 'reset' }
  /** the request is never answered (until the client gives up). */
  | { kind: 'hang' }
  /** the real answer, but the connection drops halfway through its body. */
  | { kind: 'reset-mid-body' }
  /** the real answer cut in half, then cleanly ended: incomplete JSON. */
  | { kind: 'truncate' }
  /** an answer made up by the proxy. */
  | { kind: 'answer'; status: number; body: string; headers?: Record<string, string> }

export interface FaultRule {
  method?: string
  /** tested against the path with its query, e.g. `/api/v1/configmaps?labelSelector=...`. */
  path: RegExp
  /** which of the requests matching method and path get the fault, 1-based; every one when absent. */
  nth?: number[]
  fault: Fault
}

export interface SeenRequest {
  method: string
  url: string
  fault?: Fault['kind']
  /** when it arrived (ms, performance.now()), to measure the waits between retries. */
  at: number
}

export interface Upstream {
  server: string
  ca: Buffer
  cert?: Buffer
  key?: Buffer
}

export interface FaultProxy {
  url: string
  /** requests since the last `inject`. */
  seen: SeenRequest[]
  /** replaces the rules and forgets what was seen. */
  inject(rules: FaultRule[]): void
  close(): Promise<void>
}

/** Answers as the API server (or something in front of it) would give them. */
export const answers = {
  status(status: number, reason: string, message: string, headers: Record<string, string> = {}) {
    return {
      kind: 'answer',
      status,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason,
        code: status
      })
    } satisfies Fault
  },
  /** what a load balancer or an ingress says for a path it does not know. */
  plainNotFound: {
    kind: 'answer',
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: '404 page not found\n'
  } satisfies Fault,
  empty: {
    kind: 'answer',
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: ''
  } satisfies Fault,
  json(body: unknown, status = 200): Fault {
    return {
      kind: 'answer',
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    }
  }
}

export async function startFaultProxy(upstream: Upstream): Promise<FaultProxy> {
  const agent = new Agent({
    keepAlive: true,
    ca: upstream.ca,
    cert: upstream.cert,
    key: upstream.key
  })
  let rules: FaultRule[] = []
  let counts = new Map<FaultRule, number>()
  const seen: SeenRequest[] = []
  const hanging = new Set<ServerResponse>()

  /** Every rule counts every request it matches; the first rule whose occurrence is due decides. */
  const faultFor = (req: IncomingMessage): Fault | undefined => {
    let due: Fault | undefined
    for (const rule of rules) {
      if (rule.method && rule.method !== req.method) continue
      if (!rule.path.test(req.url ?? '')) continue
      const n = (counts.get(rule) ?? 0) + 1
      counts.set(rule, n)
      if (!due && (!rule.nth || rule.nth.includes(n))) due = rule.fault
    }
    return due
  }

  const server = createServer((req, res) => {
    const fault = faultFor(req)
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      fault: fault?.kind,
      at: performance.now()
    })
    if (fault?.kind === 'reset') {
      req.socket.destroy()
      return
    }
    if (fault?.kind === 'hang') {
      hanging.add(res)
      res.on('close', () => hanging.delete(res))
      return
    }
    if (fault?.kind === 'answer') {
      res.writeHead(fault.status, fault.headers ?? {})
      res.end(fault.body)
      return
    }
    forward(req, res, fault)
  })

  const forward = (req: IncomingMessage, res: ServerResponse, fault?: Fault): void => {
    const target = new URL(req.url ?? '/', upstream.server)
    const headers = { ...req.headers, host: target.host }
    const up = httpsRequest(target, { method: req.method, headers, agent }, answer => {
      if (!fault) {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
        return
      }
      const chunks: Buffer[] = []
      answer.on('data', (chunk: Buffer) => chunks.push(chunk))
      answer.on('end', () => {
        const body = Buffer.concat(chunks)
        const half = body.subarray(0, Math.floor(body.length / 2))
        const {
          'content-length': _length,
          'transfer-encoding': _encoding,
          ...rest
        } = answer.headers
        if (fault.kind === 'truncate') {
          // Framed correctly, so the client reads to the end and finds half a document.
          res.writeHead(answer.statusCode ?? 502, { ...rest, 'content-length': half.length })
          res.end(half)
        } else {
          // Promises the whole length, sends half, drops the connection.
          res.writeHead(answer.statusCode ?? 502, { ...rest, 'content-length': body.length })
          res.write(half, () => res.socket?.destroy())
        }
      })
    })
    up.on('error', error => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
      res.end(`fault proxy: upstream failed: ${error.message}`)
    })
    req.pipe(up)
  }

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    inject(next) {
      rules = next
      counts = new Map()
      seen.length = 0
    },
    close: () =>
      new Promise<void>(resolve => {
        for (const res of hanging) res.socket?.destroy()
        server.closeAllConnections()
        agent.destroy()
        server.close(() => resolve())
      })
  }
}
