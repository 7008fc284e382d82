// The stand-in's pull requests: list (state, head `owner:branch`, base, sort,
// pages), create, get and update, refusing what GitHub refuses: a head or base
// branch that does not exist, a head with nothing to merge, and a second open
// pull request for the same head and base.
import { errorJson, validationErrorJson, type StoredIssue, type StoredPull } from './entities.ts'
import { pullJson } from './git-entities.ts'
import { siteOf, unprocessable } from './git-handlers.ts'
import { notFound, paged, type Handler, type HandlerRequest } from './handler-kit.ts'

type Pull = StoredIssue & { pull: StoredPull }

function shasOf(request: HandlerRequest, pull: StoredPull): { head: string; base: string } {
  const { refs } = request.store.git
  const none = '0'.repeat(40)
  return {
    head: refs.get(`refs/heads/${pull.head}`) ?? none,
    base: refs.get(`refs/heads/${pull.base}`) ?? none
  }
}

function render(
  request: HandlerRequest,
  issue: Pull,
  schema: 'pull-request' | 'pull-request-simple'
): Record<string, unknown> {
  return pullJson(siteOf(request), issue, issue.pull, shasOf(request, issue.pull), schema)
}

function findPull(request: HandlerRequest): Pull | undefined {
  const issue = request.store.issue(Number(request.params.pull_number))
  return issue?.pull ? (issue as Pull) : undefined
}

/** `owner:branch` or `branch` → the branch, when the owner is this repository's. */
function headBranch(request: HandlerRequest, head: string): string | undefined {
  const owner = request.repo.split('/')[0] ?? ''
  const colon = head.indexOf(':')
  if (colon < 0) return head
  return head.slice(0, colon) === owner ? head.slice(colon + 1) : undefined
}

export const pullHandlers: Record<string, Handler> = {
  'pulls/list': request => {
    const { query, store } = request
    const state = (query.state as string | undefined) ?? 'open'
    const head = query.head === undefined ? undefined : String(query.head)
    const sort = (query.sort as string | undefined) ?? 'created'
    const direction = query.direction ?? (sort === 'created' ? 'desc' : 'asc')
    const wantedHead = head === undefined ? undefined : headBranch(request, head)
    const pulls = store
      .pulls()
      .filter(
        issue =>
          (state === 'all' || issue.state === state) &&
          (head === undefined || issue.pull.head === wantedHead) &&
          (query.base === undefined || issue.pull.base === query.base)
      )
      .sort((a, b) => {
        const time = (issue: Pull): number =>
          Date.parse(sort === 'updated' ? issue.updatedAt : issue.createdAt) * 1e4 + issue.number
        return (time(a) - time(b)) * (direction === 'asc' ? 1 : -1)
      })
    return paged(request, pulls, issue => render(request, issue, 'pull-request-simple'))
  },

  'pulls/create': request => {
    const { store } = request
    if (request.actorIsApp && !store.actionsMayOpenPullRequests) {
      return {
        status: 403,
        body: errorJson(403, 'GitHub Actions is not permitted to create or approve pull requests.')
      }
    }
    const body = request.body as { title?: string; head: string; base: string; body?: string }
    const head = headBranch(request, body.head)
    const headSha = head === undefined ? undefined : store.git.refs.get(`refs/heads/${head}`)
    const baseSha = store.git.refs.get(`refs/heads/${body.base}`)
    const invalid = (field: string) => ({
      status: 422,
      body: validationErrorJson('Validation Failed', [
        { resource: 'PullRequest', field, code: 'invalid' }
      ])
    })
    if (head === undefined || headSha === undefined) return invalid('head')
    if (baseSha === undefined) return invalid('base')
    if (store.git.isAncestor(headSha, baseSha)) {
      return custom(`No commits between ${body.base} and ${head}`)
    }
    const owner = request.repo.split('/')[0] ?? ''
    const open = store
      .pulls()
      .some(
        issue => issue.state === 'open' && issue.pull.head === head && issue.pull.base === body.base
      )
    if (open) return custom(`A pull request already exists for ${owner}:${head}.`)
    if (typeof body.title !== 'string') return invalid('title')
    const issue = store.addIssue({
      title: body.title,
      body: body.body ?? null,
      user: request.actor,
      pull: { head, base: body.base, merged: false }
    }) as Pull
    const json = render(request, issue, 'pull-request')
    return { status: 201, body: json, headers: { location: String(json.url) } }
  },

  'pulls/get': request => {
    const pull = findPull(request)
    return pull ? { status: 200, body: render(request, pull, 'pull-request') } : notFound()
  },

  'pulls/update': request => {
    const pull = findPull(request)
    if (!pull) return notFound()
    const body = request.body as { title?: string; body?: string; state?: string; base?: string }
    if (body.base !== undefined) {
      if (!request.store.git.refs.has(`refs/heads/${body.base}`)) return unprocessable('base')
      pull.pull.base = body.base
    }
    if (body.title !== undefined) pull.title = body.title
    if (body.body !== undefined) pull.body = body.body
    if (body.state === 'closed' && pull.state === 'open') {
      pull.state = 'closed'
      pull.closedAt = request.store.now()
    } else if (body.state === 'open' && pull.state === 'closed') {
      pull.state = 'open'
      pull.closedAt = null
    }
    pull.updatedAt = request.store.now()
    return { status: 200, body: render(request, pull, 'pull-request') }
  }
}

function custom(message: string) {
  return {
    status: 422,
    body: validationErrorJson('Validation Failed', [
      { resource: 'PullRequest', code: 'custom', message }
    ])
  }
}
