// A local stand-in for the GitHub REST API: an HTTP server on 127.0.0.1 that
// holds one repository's issues, comments, labels, git objects and pull
// requests in memory and checks EVERY request against GitHub's OpenAPI
// description. An unknown route, an unknown or ill-typed parameter or body
// field is answered 404/422 as GitHub would, and recorded as a violation that tests assert is empty. Its own
// answers are checked against the described response schemas too.
// Faults can be injected per operation, as GitHub and the proxies in front of
// it produce them: an answer lost after the work was done (a 502, a reset
// connection), a 502 before anything happened, a secondary rate limit.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ACTIONS_BOT, errorJson, validationErrorJson, type StandInUser } from './entities.ts'
import { bodyTooLong, handlerFor, type HandlerResponse } from './handlers.ts'
import { githubOpenApi, type Operation } from './openapi-spec.ts'
import { RepositoryStore } from './store.ts'
import { validateRequest } from './validate-request.ts'

export interface StandInOptions {
  owner?: string
  repo?: string
  token?: string
  /** who the token acts as: the GITHUB_TOKEN's bot (default), or a user of a personal token. */
  actor?: StandInUser
}

export interface RecordedRequest {
  method: string
  path: string
  operationId?: string
  status: number
  body?: unknown
  /** when the answer was sent (ms since the epoch). */
  at: number
  /** the fault injected into this request, if any. */
  fault?: Fault['kind']
}

export type Fault =
  /** the work is done (a create is stored), then the answer is lost: a 502 from the gateway. */
  | { kind: 'answer-lost'; status?: number }
  /** the work is done, then the connection is reset before any answer. */
  | { kind: 'reset-after-work' }
  /** the work is done, and the answer comes only after `delayMs` (past the client's timeout). */
  | { kind: 'slow-answer-after-work'; delayMs: number }
  /** a 502 or 503 before anything is done. */
  | { kind: 'unavailable'; status?: number }
  /** GitHub's secondary rate limit (403 or 429 with retry-after): nothing is done. */
  | { kind: 'secondary-rate-limit'; status: 403 | 429; retryAfter: number }

export interface GitHubStandIn {
  /** the API base URL (GITHUB_API_URL). */
  url: string
  owner: string
  repo: string
  token: string
  store: RepositoryStore
  /** requests the real GitHub would refuse or misread; and answers not shaped as described. */
  violations: string[]
  requests: RecordedRequest[]
  /** answers 403 for an operation, as for a token without the permission. */
  forbid(operationId: string): void
  /** a pull request from a fork: the token is read-only, every write is refused. */
  simulateFork(): void
  /** holds the first `count` requests of an operation until all have arrived (races). */
  gate(operationId: string, count: number): void
  /** the next `times` requests of an operation meet `fault`. */
  inject(operationId: string, fault: Fault, times?: number): void
  /** a pull request, as an issue with `pull_request`. */
  addPullRequest(title?: string): number
  /** the files at the head of a branch (`main`, `kube-drift/adopt/web`) or at a commit SHA. */
  filesAt(refOrSha: string): Record<string, string>
  close(): Promise<void>
}

/** A handler's answer, and the fault injected into it. */
type Answer = HandlerResponse & { fault?: Fault['kind']; delayMs?: number }

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])
const GATE_TIMEOUT_MS = 10_000

export async function startGitHubStandIn(options: StandInOptions = {}): Promise<GitHubStandIn> {
  const openApi = githubOpenApi()
  const owner = options.owner ?? 'acme'
  const repo = options.repo ?? 'shop'
  const token = options.token ?? 'ghs_standInToken0123456789'
  const actor = options.actor ?? ACTIONS_BOT
  const store = new RepositoryStore()
  const violations: string[] = []
  const requests: RecordedRequest[] = []
  const forbidden = new Set<string>()
  const gates = new Map<string, { count: number; waiting: (() => void)[] }>()
  const faults = new Map<string, Fault[]>()
  let fork = false
  let url = ''

  const answer = async (request: IncomingMessage, text: string): Promise<Answer> => {
    const parsed = new URL(request.url ?? '/', 'http://stand-in')
    const method = request.method ?? 'GET'
    const found = openApi.match(method, parsed.pathname)
    if (!found) {
      violations.push(`${method} ${parsed.pathname}: no such route in GitHub's REST API`)
      return { status: 404, body: errorJson(404, 'Not Found') }
    }
    const { operation, params } = found
    const auth = request.headers.authorization ?? ''
    if (auth !== `token ${token}` && auth !== `Bearer ${token}`) {
      violations.push(`${operation.operationId}: missing or wrong token`)
      return { status: 401, body: errorJson(401, 'Bad credentials') }
    }
    const checked = validateRequest(openApi, operation, params, parsed.searchParams, request, text)
    if (checked.problems.length > 0) {
      violations.push(...checked.problems.map(problem => `${operation.operationId}: ${problem}`))
      return {
        status: 422,
        body: validationErrorJson('Invalid request.', [{ message: checked.problems.join('; ') }])
      }
    }
    if (params.owner !== undefined && (params.owner !== owner || params.repo !== repo)) {
      return { status: 404, body: errorJson(404, 'Not Found') }
    }
    const tooLong = bodyTooLong(checked.body)
    if (tooLong) {
      violations.push(`${operation.operationId}: body over GitHub's 65,536 characters`)
      return tooLong
    }
    await passGate(operation.operationId)
    if (forbidden.has(operation.operationId) || (fork && WRITE_METHODS.has(method))) {
      return { status: 403, body: errorJson(403, 'Resource not accessible by integration') }
    }
    const fault = faults.get(operation.operationId)?.shift()
    if (fault?.kind === 'unavailable' || fault?.kind === 'secondary-rate-limit') {
      return faultAnswer(fault)
    }
    const handler = handlerFor(operation.operationId)
    if (!handler) {
      violations.push(`${operation.operationId}: valid, but the stand-in does not implement it`)
      return { status: 501, body: errorJson(501, 'Not implemented by the stand-in') }
    }
    const response = handler({
      params: checked.params,
      query: checked.query,
      body: checked.body,
      store,
      api: url,
      repo: `${owner}/${repo}`,
      actor,
      actorIsApp: actor.type === 'Bot',
      path: `${parsed.pathname}${parsed.search}`,
      openApi
    })
    checkResponse(operation, response)
    if (fault?.kind === 'slow-answer-after-work') {
      return { ...response, fault: fault.kind, delayMs: fault.delayMs }
    }
    return fault ? faultAnswer(fault) : response
  }

  const checkResponse = (operation: Operation, response: HandlerResponse): void => {
    const schema = operation.responses.get(String(response.status))
    if (!schema || response.body === undefined) return
    const validate = openApi.validator(schema)
    if (!validate(response.body)) {
      violations.push(
        `stand-in answer to ${operation.operationId} (${response.status}) is not shaped as described: ${JSON.stringify(validate.errors?.slice(0, 3))}`
      )
    }
  }

  const passGate = async (operationId: string): Promise<void> => {
    const gate = gates.get(operationId)
    if (!gate || gate.count <= 0) return
    gate.count--
    if (gate.count === 0) {
      for (const release of gate.waiting.splice(0)) release()
      return
    }
    await new Promise<void>(resolve => {
      gate.waiting.push(resolve)
      // Never hang a test: a gate that is not filled in time opens anyway.
      setTimeout(resolve, GATE_TIMEOUT_MS).unref()
    })
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      answer(request, text)
        .catch((error: unknown): Answer => ({
          status: 500,
          body: errorJson(500, error instanceof Error ? error.message : String(error))
        }))
        .then(async result => {
          if (result.delayMs) await new Promise(resolve => setTimeout(resolve, result.delayMs))
          requests.push({
            method: request.method ?? 'GET',
            path: request.url ?? '/',
            operationId: openApi.match(
              request.method ?? 'GET',
              new URL(request.url ?? '/', 'http://x').pathname
            )?.operation.operationId,
            status: result.status,
            body: text ? safeJson(text) : undefined,
            at: Date.now(),
            fault: result.fault
          })
          if (result.fault === 'reset-after-work') {
            response.socket?.destroy()
            return
          }
          const payload = result.body === undefined ? '' : JSON.stringify(result.body)
          response.writeHead(result.status, {
            'content-type': 'application/json; charset=utf-8',
            'x-github-media-type': 'github.v3; format=json',
            ...result.headers
          })
          response.end(payload)
        })
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url,
    owner,
    repo,
    token,
    store,
    violations,
    requests,
    forbid: operationId => forbidden.add(operationId),
    simulateFork: () => {
      fork = true
    },
    gate: (operationId, count) => gates.set(operationId, { count, waiting: [] }),
    inject: (operationId, fault, times = 1) => {
      const queue = faults.get(operationId) ?? []
      for (let i = 0; i < times; i++) queue.push(fault)
      faults.set(operationId, queue)
    },
    addPullRequest: title =>
      store.addIssue({
        title: title ?? 'Change the deployment',
        user: { login: 'contributor', id: 9001, type: 'User' },
        isPullRequest: true
      }).number,
    filesAt: refOrSha => store.filesAt(refOrSha),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close(error => (error ? reject(error) : resolve()))
      })
  }
}

/** What GitHub, or the gateway in front of it, answers for a fault. */
function faultAnswer(fault: Fault): Answer {
  switch (fault.kind) {
    case 'answer-lost':
    case 'unavailable': {
      const status = fault.status ?? 502
      return { status, body: errorJson(status, 'Server Error'), fault: fault.kind }
    }
    case 'reset-after-work':
    case 'slow-answer-after-work':
      return { status: 0, fault: fault.kind }
    case 'secondary-rate-limit':
      return {
        status: fault.status,
        body: errorJson(
          fault.status,
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
        ),
        headers: { 'retry-after': String(fault.retryAfter) },
        fault: fault.kind
      }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
