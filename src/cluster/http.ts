// The transport to the API server: raw JSON (no typed models, so no field is
// lost or reshaped before comparison), per-request timeouts, retries with
// backoff on 429, 5xx and connection errors, and a request counter for the
// benchmark.
import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext } from '@kubernetes/client-node'
import type { KubeConfig } from '@kubernetes/client-node'
import { ClusterUnreachableError, KubeApiError } from './errors.ts'
import type { RequestTarget } from './errors.ts'

export interface HttpOptions {
  timeoutMs?: number
  retries?: number
  /** base delay of the exponential backoff, doubled per attempt. */
  backoffMs?: number
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
  /** 'text' returns the body as sent (a document checked against its hash), not parsed. */
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

export class KubeHttp {
  readonly server: string
  requestCount = 0
  private readonly kc: KubeConfig
  private readonly library = new IsomorphicFetchHttpLibrary()
  private readonly timeoutMs: number
  private readonly retries: number
  private readonly backoffMs: number

  constructor(kc: KubeConfig, options: HttpOptions = {}) {
    this.kc = kc
    const cluster = kc.getCurrentCluster()
    if (!cluster) throw new Error('the kubeconfig has no current cluster')
    this.server = cluster.server.replace(/\/+$/, '')
    this.timeoutMs = options.timeoutMs ?? 30_000
    this.retries = options.retries ?? 4
    this.backoffMs = options.backoffMs ?? 250
  }

  /** Sends a request; returns the parsed JSON body, or null for a 404. */
  async request<T = unknown>(req: KubeRequest): Promise<T | null> {
    let lastError: Error | undefined
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(this.backoffMs * 2 ** (attempt - 1))
      let status: number
      let text: string
      try {
        ;({ status, text } = await this.send(req))
      } catch (error) {
        lastError = new ClusterUnreachableError(this.server, connectionCause(error))
        // A lost answer may hide a done request: do not send it again.
        if (req.idempotent === false) break
        continue
      }
      if (status === 404) return null
      if (status >= 200 && status < 300) {
        if (req.responseType === 'text') return text as T
        return (text ? JSON.parse(text) : {}) as T
      }
      const apiError = toApiError(status, text, req.target)
      const retryable = req.idempotent === false ? NOT_ACTED_ON_STATUS : RETRYABLE_STATUS
      if (retryable.has(status)) {
        lastError = apiError
        continue
      }
      throw apiError
    }
    throw lastError ?? new ClusterUnreachableError(this.server, 'no response')
  }

  private async send(req: KubeRequest): Promise<{ status: number; text: string }> {
    const url = new URL(this.server + req.path)
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value)
    }
    const context = new RequestContext(url.toString(), METHODS[req.method])
    await this.kc.applySecurityAuthentication(context)
    context.setHeaderParam('Accept', req.accept ?? 'application/json')
    context.setHeaderParam('User-Agent', 'kube-drift')
    if (req.body !== undefined) {
      context.setHeaderParam('Content-Type', req.contentType ?? 'application/json')
      context.setBody(JSON.stringify(req.body))
    }
    context.setSignal(AbortSignal.timeout(this.timeoutMs))
    this.requestCount++
    const response = await this.library.send(context).toPromise()
    return { status: response.httpStatusCode, text: await response.body.text() }
  }
}

function toApiError(status: number, text: string, target?: RequestTarget): KubeApiError {
  let message = text.trim() || `HTTP ${status}`
  let reason = ''
  try {
    const body = JSON.parse(text) as { message?: string; reason?: string }
    if (body.message) message = body.message
    if (body.reason) reason = body.reason
  } catch {
    // a non-JSON body (a proxy's HTML page): keep the raw text
  }
  return new KubeApiError(status, reason, message, target)
}

function connectionCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'request timed out'
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? error.message
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
