// The transport to the API server: raw JSON (no typed models, so no field is
// lost or reshaped before comparison), per-request timeouts, retries with
// backoff on 429, 5xx, lost connections and cut-off bodies, and a request
// counter for the benchmark. It fails closed: an answer is used only when it
// is complete JSON of the promised shape, and only a Kubernetes Status with
// reason NotFound means "the object does not exist".
import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext } from '@kubernetes/client-node'
import type { KubeConfig } from '@kubernetes/client-node'
import { reusingDispatchers } from './reuse-connections.ts'
import {
  CredentialPluginError,
  KubeApiError,
  RequestFailedError,
  UnauthorizedError
} from './errors.ts'
import type { CredentialOwner, RequestTarget } from './errors.ts'

export interface HttpOptions {
  timeoutMs?: number
  retries?: number
  /** base delay of the exponential backoff, doubled per attempt. */
  backoffMs?: number
  /** longest wait a Retry-After header may impose before one retry. */
  maxRetryAfterMs?: number
}

export interface KubeRequest {
  method: 'GET' | 'PATCH' | 'POST' | 'PUT' | 'DELETE'
  path: string
  query?: Record<string, string | undefined>
  body?: unknown
  contentType?: string
  accept?: string
  /** what the request does, to explain a 403 in RBAC terms. */
  target?: RequestTarget
  /**
   * false for a request that must not run twice (a JSON Patch removing list items
   * by index): it is retried only when the server surely did not act on it.
   */
  idempotent?: boolean
  /** what is wrong with a successful answer's body, or undefined when it has the promised shape. */
  shape?: (body: unknown) => string | undefined
  /** 'text' returns the body as sent (a document checked against its hash), once it parses. */
  responseType?: 'json' | 'text'
}

const METHODS: Record<KubeRequest['method'], HttpMethod> = {
  GET: HttpMethod.GET,
  PATCH: HttpMethod.PATCH,
  POST: HttpMethod.POST,
  PUT: HttpMethod.PUT,
  DELETE: HttpMethod.DELETE
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504])
/** Answers after which the server has surely not acted: safe to retry anything. */
const NOT_ACTED_ON_STATUS = new Set([429, 503])
/**
 * client-go waits as long as Retry-After says; the API server's own priority and
 * fairness sends 1 s. A proxy or a misconfigured server may ask for minutes,
 * which would stall a CI job, so each wait is capped at 5 s (then the usual
 * number of retries applies).
 */
export const MAX_RETRY_AFTER_MS = 5_000
/** A request that timed out is tried once more, not `retries` times: a hung server stays hung. */
const MAX_TIMEOUTS = 2

/** How an attempt ended when it produced no usable answer. */
interface Failure {
  error: Error
  /** the server may have acted on the request (it got it, the answer was lost). */
  mayHaveActed: boolean
  timedOut?: boolean
  retryAfterMs?: number
}

export class KubeHttp {
  readonly server: string
  requestCount = 0
  private readonly kc: KubeConfig
  /** `kc`, reusing one connection pool per set of TLS options (see reuse-connections.ts). */
  private readonly auth: KubeConfig
  private readonly owner: CredentialOwner
  private readonly library = new IsomorphicFetchHttpLibrary()
  private readonly timeoutMs: number
  private readonly retries: number
  private readonly backoffMs: number
  private readonly maxRetryAfterMs: number

  constructor(kc: KubeConfig, options: HttpOptions = {}) {
    this.kc = kc
    this.auth = reusingDispatchers(kc)
    const cluster = kc.getCurrentCluster()
    if (!cluster) throw new Error('the kubeconfig has no current cluster')
    this.server = cluster.server.replace(/\/+$/, '')
    this.owner = {
      server: this.server,
      context: kc.getCurrentContext(),
      user: kc.getCurrentUser()?.name ?? '(none)'
    }
    this.timeoutMs = options.timeoutMs ?? 30_000
    this.retries = options.retries ?? 4
    this.backoffMs = options.backoffMs ?? 250
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS
  }

  /**
   * Sends a request; returns the parsed JSON body, or null when the server
   * answers 404 with a Kubernetes Status whose reason is NotFound.
   */
  async request<T = unknown>(req: KubeRequest): Promise<T | null> {
    const what = describeRequest(req)
    let failure: Failure | undefined
    let timeouts = 0
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (failure) await sleep(failure.retryAfterMs ?? this.backoffMs * 2 ** (attempt - 1))
      const outcome = await this.attempt<T>(req, what)
      if (!('failure' in outcome)) return outcome.body
      failure = outcome.failure
      if (failure.timedOut && ++timeouts >= MAX_TIMEOUTS) break
      // A lost answer may hide a done request: do not send it again.
      if (failure.mayHaveActed && req.idempotent === false) break
    }
    throw failure?.error ?? new RequestFailedError(what, this.server, 'no answer')
  }

  /** One try: the body, or why it is no usable answer (thrown when retrying cannot help). */
  private async attempt<T>(
    req: KubeRequest,
    what: string
  ): Promise<{ body: T | null } | { failure: Failure }> {
    let response: { status: number; headers: Record<string, string>; text: string }
    try {
      response = await this.send(req)
    } catch (error) {
      if (error instanceof CredentialPluginError) throw error
      const timedOut = isTimeout(error)
      const cause = timedOut
        ? `no complete answer within ${this.timeoutMs / 1000} s (--timeout)`
        : `the connection failed (${connectionCause(error)})`
      return {
        failure: {
          error: new RequestFailedError(what, this.server, cause, true),
          mayHaveActed: true,
          timedOut
        }
      }
    }
    const { status, headers, text } = response
    if (status >= 200 && status < 300) {
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch (error) {
        // Cut off on the way (or a proxy's page): as good as a lost connection.
        const cause = text.trim()
          ? `the answer is not complete JSON (${(error as Error).message}, ${text.length} bytes)`
          : `the answer is empty (HTTP ${status})`
        return {
          failure: { error: new RequestFailedError(what, this.server, cause), mayHaveActed: true }
        }
      }
      const problem = req.shape?.(body)
      if (problem) {
        throw new RequestFailedError(what, this.server, `malformed answer: ${problem}`)
      }
      return { body: (req.responseType === 'text' ? text : body) as T }
    }
    const status404 = status === 404 ? kubernetesStatus(text) : undefined
    if (status404?.reason === 'NotFound') return { body: null }
    if (status === 401) throw new UnauthorizedError(this.owner, statusMessage(text))
    const apiError = toApiError(status, text, req.target, what)
    const retryable = req.idempotent === false ? NOT_ACTED_ON_STATUS : RETRYABLE_STATUS
    if (!retryable.has(status)) throw apiError
    return {
      failure: {
        error: apiError,
        mayHaveActed: !NOT_ACTED_ON_STATUS.has(status),
        retryAfterMs: retryAfterMs(headers['retry-after'], this.maxRetryAfterMs)
      }
    }
  }

  private async send(
    req: KubeRequest
  ): Promise<{ status: number; headers: Record<string, string>; text: string }> {
    const url = new URL(this.server + req.path)
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value)
    }
    const context = new RequestContext(url.toString(), METHODS[req.method])
    try {
      await this.auth.applySecurityAuthentication(context)
    } catch (error) {
      // A credential plugin that failed once fails again: no retry, one clear message.
      throw new CredentialPluginError(this.owner, this.plugin(), lastLine(error))
    }
    context.setHeaderParam('Accept', req.accept ?? 'application/json')
    context.setHeaderParam('User-Agent', 'kube-drift')
    if (req.body !== undefined) {
      context.setHeaderParam('Content-Type', req.contentType ?? 'application/json')
      context.setBody(JSON.stringify(req.body))
    }
    // The timeout covers the whole answer, body included: a body that stalls halfway times out too.
    context.setSignal(AbortSignal.timeout(this.timeoutMs))
    this.requestCount++
    const response = await this.library.send(context).toPromise()
    return {
      status: response.httpStatusCode,
      headers: response.headers,
      text: await response.body.text()
    }
  }

  /** The command of the kubeconfig's exec plugin, or the auth provider's name. */
  private plugin(): string | undefined {
    const user = this.kc.getCurrentUser()
    return user?.exec?.command ?? user?.authProvider?.name
  }
}

/** The request as a person reads it in an error message: `GET /api/v1/...?labelSelector=a=b`. */
export function describeRequest(req: Pick<KubeRequest, 'method' | 'path' | 'query'>): string {
  const query = Object.entries(req.query ?? {})
    // The continue token is long and says nothing to a reader.
    .filter(([key, value]) => value !== undefined && key !== 'continue')
    .map(([key, value]) => `${key}=${value}`)
    .join('&')
  return `${req.method} ${req.path}${query ? `?${query}` : ''}`
}

/**
 * Retry-After as seconds or an HTTP date, in ms, capped; undefined when absent
 * or unreadable (the exponential backoff applies then).
 */
export function retryAfterMs(header: string | undefined, capMs: number): number | undefined {
  const value = header?.trim()
  if (!value) return undefined
  let ms: number
  if (/^\d+$/.test(value)) ms = Number(value) * 1000
  else {
    const at = Date.parse(value)
    if (Number.isNaN(at)) return undefined
    ms = at - Date.now()
  }
  return Math.min(Math.max(ms, 0), capMs)
}

interface KubeStatus {
  kind?: unknown
  reason?: unknown
  message?: unknown
}

/** The body as a Kubernetes Status, or undefined when it is none (a proxy's "page not found"). */
function kubernetesStatus(text: string): { reason: string; message: string } | undefined {
  let body: KubeStatus
  try {
    body = JSON.parse(text) as KubeStatus
  } catch {
    return undefined
  }
  if (typeof body !== 'object' || body === null || body.kind !== 'Status') return undefined
  return {
    reason: typeof body.reason === 'string' ? body.reason : '',
    message: typeof body.message === 'string' ? body.message : ''
  }
}

function statusMessage(text: string): string {
  return kubernetesStatus(text)?.message || text.trim().split('\n')[0] || ''
}

function toApiError(
  status: number,
  text: string,
  target: RequestTarget | undefined,
  request: string
): KubeApiError {
  const parsed = kubernetesStatus(text)
  if (parsed) {
    return new KubeApiError(
      status,
      parsed.reason,
      parsed.message || `HTTP ${status}`,
      target,
      request
    )
  }
  // Not a Kubernetes Status (a proxy's or load balancer's page): say so, quote its first line.
  const first = text.trim().split('\n')[0]?.slice(0, 200)
  const message = first
    ? `no Kubernetes Status in the answer, the body says "${first}"`
    : 'no Kubernetes Status in the answer (empty body)'
  return new KubeApiError(status, '', message, target, request)
}

interface ErrorLike {
  name?: string
  message?: string
  code?: string
  cause?: ErrorLike
}

/** By name, not instanceof: fetch's DOMException comes from another realm under some runners. */
function isTimeout(error: unknown): boolean {
  const e = (error ?? {}) as ErrorLike
  const timeout = (name?: string) => name === 'TimeoutError' || name === 'AbortError'
  return timeout(e.name) || timeout(e.cause?.name)
}

function connectionCause(error: unknown): string {
  const e = (error ?? {}) as ErrorLike
  const parts = [e.cause?.code, e.cause?.message ?? e.message].filter(Boolean)
  return parts.join(': ') || String(error)
}

/** The last non-empty line of what a plugin printed: the reason, without its preamble. */
function lastLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  const lines = text
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean)
  return lines.at(-1) ?? ''
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
