// The Octokit client and the repository it works on. Everything in src/github
// receives one of these instead of creating its own, so tests point them all
// at the local stand-in with GITHUB_API_URL.
//
// Every request goes through, from the outside in:
// - the edge guard: every string it sends is scrubbed of the run's secrets,
//   and a POST (a create) is never retried blindly — its answer may be lost
//   after GitHub stored it, so the caller looks before creating again
//   (create-once.ts);
// - throttling: writes spaced as GitHub asks, and secondary rate limits
//   (403/429 with retry-after) waited out;
// - retry: other requests that failed with a 5xx or a lost connection are
//   tried again with a growing pause;
// - a timeout per attempt, so a request that hangs fails and is retried.
import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import type { Octokit as CoreOctokit } from '@octokit/core'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck/light.js'
import { secrets } from '../util/secret-scrubber.ts'

export type Octokit = ReturnType<typeof getOctokit>

export interface GitHubRepo {
  octokit: Octokit
  owner: string
  repo: string
}

export interface GitHubClientOptions {
  /** how long one attempt of a request may take (default 30 s). */
  attemptTimeoutMs?: number
  /**
   * Space writes as GitHub asks, 1 s apart and 3 s for those that notify
   * (default true). Tests of other behaviour turn it off; rate limits are
   * waited out either way.
   */
  spaceWrites?: boolean
}

const ATTEMPT_TIMEOUT_MS = 30_000
/** Secondary rate limits: how often, and how long at most, to wait one out. */
const SECONDARY_LIMIT_RETRIES = 3
const MAX_WAIT_SECONDS = 120
/** Retried by the retry plugin: not 429, which the throttling waits out with its retry-after. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451]
/** Request options that are not values sent to GitHub. */
const NOT_SENT = new Set(['url', 'method', 'headers', 'request', 'baseUrl', 'mediaType'])

export function createGitHubRepo(
  token: string,
  apiUrl: string,
  owner: string,
  repo: string,
  options: GitHubClientOptions = {}
): GitHubRepo {
  if (!owner || !repo) throw new Error('GITHUB_REPOSITORY is not set: no repository to write to')
  const octokit = getOctokit(
    token,
    {
      baseUrl: apiUrl,
      retry: { doNotRetry: DO_NOT_RETRY },
      throttle: {
        onSecondaryRateLimit: (retryAfter: number, request: RequestSummary, _o, count) =>
          waitOut('a secondary rate limit', retryAfter, request, count, SECONDARY_LIMIT_RETRIES),
        onRateLimit: (retryAfter: number, request: RequestSummary, _o, count) =>
          waitOut('the rate limit', retryAfter, request, count, 1),
        ...(options.spaceWrites === false ? unspaced() : {})
      }
    },
    attemptTimeout(options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS),
    retry,
    throttling,
    edgeGuard
  )
  return { octokit, owner, repo }
}

interface RequestSummary {
  method: string
  url: string
}

function waitOut(
  what: string,
  retryAfter: number,
  request: RequestSummary,
  count: number,
  retries: number
): boolean {
  if (count >= retries || retryAfter > MAX_WAIT_SECONDS) return false
  core.info(`GitHub: ${what} on ${request.method} ${request.url}: waiting ${retryAfter} s`)
  return true
}

/** Write queues without the pause between writes. */
function unspaced(): { write: Bottleneck.Group; notifications: Bottleneck.Group } {
  return { write: new Bottleneck.Group(), notifications: new Bottleneck.Group() }
}

// Hooks change the request's options in place: Octokit hands every layer the
// same options object, and what a layer passes on to the next is not used.

/** Innermost: each attempt (the retry plugin's too) gets its own deadline. */
function attemptTimeout(ms: number) {
  return (octokit: CoreOctokit): void => {
    octokit.hook.wrap('request', (request, options) => {
      options.request = { ...options.request, signal: AbortSignal.timeout(ms) }
      return request(options)
    })
  }
}

/** Outermost: scrubs what is sent, and keeps the retry plugin away from creates. */
function edgeGuard(octokit: CoreOctokit): void {
  octokit.hook.wrap('request', (request, options) => {
    const values = options as unknown as Record<string, unknown>
    for (const [key, value] of Object.entries(values)) {
      if (!NOT_SENT.has(key)) values[key] = secrets.scrubValue(value)
    }
    if (options.method === 'POST') options.request = { ...options.request, retries: 0 }
    return request(options)
  })
}

/** A user or bot as GitHub returns it; only what ownership checks need. */
export interface GitHubActor {
  login?: string
  type?: string
}

/**
 * Who the token acts as. A personal token may read GET /user; a GitHub App
 * installation token (the workflow's GITHUB_TOKEN) is refused with 403, and
 * acts as a bot: then "ours" means written by a bot.
 */
export async function tokenIdentity(
  github: GitHubRepo
): Promise<(actor: GitHubActor | null | undefined) => boolean> {
  try {
    const { data } = await github.octokit.rest.users.getAuthenticated()
    const login = data.login
    return actor => actor?.login === login
  } catch {
    return actor => actor?.type === 'Bot'
  }
}
