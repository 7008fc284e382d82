// What the runner tells the action about this run: the event and its payload,
// the repository, where GitHub is. Read from the environment the runner sets
// (not from @actions/github's `context`, which is read once at import time and
// so cannot be tested with different events in one process).
import { readFileSync } from 'node:fs'

export interface PullRequestInfo {
  number: number
  /** the commit the PR is compared with (the base branch when the PR was last updated). */
  baseSha?: string
  /** the PR's own last commit (GITHUB_SHA is the merge commit on pull_request). */
  headSha?: string
  /** from another repository: the token is read-only there. */
  fork: boolean
}

export interface RunContext {
  eventName: string
  payload: Record<string, unknown>
  owner: string
  repo: string
  serverUrl: string
  apiUrl: string
  /** the commit the run is for. */
  sha?: string
  /** the ref the run is for (GITHUB_REF): `refs/heads/main`, `refs/tags/v1`, `refs/pull/7/merge`. */
  ref?: string
  runId?: string
  /** the run's page, where its job summary is. */
  runUrl?: string
  workspace: string
  pullRequest?: PullRequestInfo
}

export const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])
export const SCHEDULED_EVENTS = new Set(['schedule', 'workflow_dispatch'])

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  const payload = readPayload(env.GITHUB_EVENT_PATH)
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  const apiUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
  const runId = env.GITHUB_RUN_ID || undefined
  return {
    eventName,
    payload,
    owner,
    repo,
    serverUrl,
    apiUrl,
    sha: env.GITHUB_SHA || undefined,
    ref: env.GITHUB_REF || undefined,
    runId,
    runUrl: runId && owner ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : undefined,
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    pullRequest: PULL_REQUEST_EVENTS.has(eventName) ? pullRequestOf(payload) : undefined
  }
}

function readPayload(path: string | undefined): Record<string, unknown> {
  if (!path) return {}
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {}
  } catch (error) {
    throw new Error(`GITHUB_EVENT_PATH ${path} cannot be read as JSON`, { cause: error })
  }
}

function pullRequestOf(payload: Record<string, unknown>): PullRequestInfo | undefined {
  const pr = record(payload.pull_request)
  const number = typeof pr.number === 'number' ? pr.number : Number(payload.number)
  if (!Number.isInteger(number) || number <= 0) return undefined
  const base = record(pr.base)
  const head = record(pr.head)
  const baseRepo = record(base.repo).full_name
  const headRepo = record(head.repo).full_name
  return {
    number,
    baseSha: typeof base.sha === 'string' ? base.sha : undefined,
    headSha: typeof head.sha === 'string' ? head.sha : undefined,
    // A deleted fork has no head repo: still a fork, and still read-only.
    fork: typeof baseRepo === 'string' && headRepo !== baseRepo
  }
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
}
