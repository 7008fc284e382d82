// What the stand-in answers for each GitHub operation kube-drift may call, by
// operationId, with GitHub's status codes, filters, sort orders and pagination.
import {
  authenticatedUserJson,
  commentJson,
  errorJson,
  issueJson,
  labelJson,
  validationErrorJson,
  type StoredIssue
} from './entities.ts'
import { gitHandlers } from './git-handlers.ts'
import {
  notFound,
  paged,
  type Handler,
  type HandlerRequest,
  type HandlerResponse
} from './handler-kit.ts'
import { pullHandlers } from './pull-handlers.ts'

export type { HandlerRequest, HandlerResponse } from './handler-kit.ts'

function findIssue(request: HandlerRequest): StoredIssue | undefined {
  return request.store.issue(Number(request.params.issue_number))
}

function renderIssue(request: HandlerRequest, issue: StoredIssue): Record<string, unknown> {
  return issueJson(
    request.api,
    request.repo,
    issue,
    request.store.labelsOf(issue),
    request.store.closedBy.get(issue.number)
  )
}

function applyIssueChanges(request: HandlerRequest, issue: StoredIssue): void {
  const body = request.body
  const { store } = request
  if (typeof body.title === 'string' || typeof body.title === 'number') {
    issue.title = String(body.title)
  }
  if (typeof body.body === 'string' || body.body === null) issue.body = body.body
  if (Array.isArray(body.labels)) {
    issue.labels = []
    for (const label of body.labels) {
      store.attachLabel(issue, typeof label === 'string' ? label : String(label.name))
    }
  }
  if (body.state === 'closed' && issue.state === 'open') {
    issue.state = 'closed'
    issue.stateReason = (body.state_reason as StoredIssue['stateReason']) ?? 'completed'
    issue.closedAt = store.now()
    store.closedBy.set(issue.number, request.actor)
  } else if (body.state === 'open' && issue.state === 'closed') {
    issue.state = 'open'
    issue.stateReason = 'reopened'
    issue.closedAt = null
  }
  issue.updatedAt = store.now()
}

const handlers: Record<string, Handler> = {
  'users/get-authenticated': request =>
    request.actorIsApp
      ? { status: 403, body: errorJson(403, 'Resource not accessible by integration') }
      : { status: 200, body: authenticatedUserJson(request.api, request.actor) },

  'issues/list-for-repo': request => {
    const { query, store } = request
    const state = (query.state as string | undefined) ?? 'open'
    const wanted = String(query.labels ?? '')
      .split(',')
      .map(name => name.trim().toLowerCase())
      .filter(Boolean)
    const since = query.since ? Date.parse(String(query.since)) : undefined
    let issues = store.issues.filter(
      issue =>
        (state === 'all' || issue.state === state) &&
        wanted.every(name => issue.labels.some(label => label.toLowerCase() === name)) &&
        (query.creator === undefined || issue.user.login === query.creator) &&
        (since === undefined || Date.parse(issue.updatedAt) >= since)
    )
    const sort = (query.sort as string | undefined) ?? 'created'
    const key = (issue: StoredIssue): number =>
      sort === 'comments'
        ? issue.comments
        : Date.parse(sort === 'updated' ? issue.updatedAt : issue.createdAt) * 1e4 + issue.number
    const direction = query.direction === 'asc' ? 1 : -1
    issues = [...issues].sort((a, b) => (key(a) - key(b)) * direction)
    return paged(request, issues, issue => renderIssue(request, issue))
  },

  'issues/create': request => {
    const issue = request.store.addIssue({
      title: String(request.body.title),
      body: typeof request.body.body === 'string' ? request.body.body : null,
      user: request.actor
    })
    applyIssueChanges(request, issue)
    const body = renderIssue(request, issue)
    return { status: 201, body, headers: { location: String(body.url) } }
  },

  'issues/get': request => {
    const issue = findIssue(request)
    return issue ? { status: 200, body: renderIssue(request, issue) } : notFound()
  },

  'issues/update': request => {
    const issue = findIssue(request)
    if (!issue) return notFound()
    applyIssueChanges(request, issue)
    return { status: 200, body: renderIssue(request, issue) }
  },

  'issues/list-comments': request => {
    const issue = findIssue(request)
    if (!issue) return notFound()
    const comments = request.store.comments.filter(comment => comment.issueNumber === issue.number)
    return paged(request, comments, comment =>
      commentJson(request.api, request.repo, comment, issue.isPullRequest)
    )
  },

  'issues/create-comment': request => {
    const issue = findIssue(request)
    if (!issue) return notFound()
    const comment = request.store.addComment(issue, String(request.body.body), request.actor)
    const body = commentJson(request.api, request.repo, comment, issue.isPullRequest)
    return { status: 201, body, headers: { location: String(body.url) } }
  },

  'issues/get-comment': request => {
    const comment = request.store.comments.find(c => c.id === Number(request.params.comment_id))
    if (!comment) return notFound()
    const issue = request.store.issue(comment.issueNumber)
    return {
      status: 200,
      body: commentJson(request.api, request.repo, comment, issue?.isPullRequest ?? false)
    }
  },

  'issues/update-comment': request => {
    const comment = request.store.comments.find(c => c.id === Number(request.params.comment_id))
    if (!comment) return notFound()
    // GitHub lets only the author (or a maintainer) edit; a bot token edits only its own.
    if (comment.user.login !== request.actor.login) {
      return { status: 403, body: errorJson(403, 'Resource not accessible by integration') }
    }
    comment.body = String(request.body.body)
    comment.updatedAt = request.store.now()
    const issue = request.store.issue(comment.issueNumber)
    return {
      status: 200,
      body: commentJson(request.api, request.repo, comment, issue?.isPullRequest ?? false)
    }
  },

  'issues/get-label': request => {
    const label = request.store.label(String(request.params.name))
    return label ? { status: 200, body: labelJson(request.api, request.repo, label) } : notFound()
  },

  'issues/list-labels-for-repo': request =>
    paged(request, request.store.labels, label => labelJson(request.api, request.repo, label)),

  'issues/create-label': request => {
    const name = String(request.body.name)
    if (request.store.label(name)) {
      return {
        status: 422,
        body: validationErrorJson('Validation Failed', [
          { resource: 'Label', code: 'already_exists', field: 'name' }
        ])
      }
    }
    const color = String(request.body.color ?? 'ededed').replace(/^#/, '')
    if (!/^[0-9a-fA-F]{6}$/.test(color)) {
      return {
        status: 422,
        body: validationErrorJson('Validation Failed', [
          { resource: 'Label', code: 'invalid', field: 'color' }
        ])
      }
    }
    const description =
      typeof request.body.description === 'string' ? request.body.description : null
    if (description !== null && description.length > 100) {
      return {
        status: 422,
        body: validationErrorJson('Validation Failed', [
          { resource: 'Label', code: 'invalid', field: 'description' }
        ])
      }
    }
    const label = request.store.addLabel(name, color, description)
    return { status: 201, body: labelJson(request.api, request.repo, label) }
  }
}

export function handlerFor(operationId: string): Handler | undefined {
  return handlers[operationId] ?? gitHandlers[operationId] ?? pullHandlers[operationId]
}

/** GitHub's limit on a comment or issue body. */
export const BODY_LIMIT = 65_536

/** 422 for a body over GitHub's limit, as GitHub answers. */
export function bodyTooLong(body: Record<string, unknown>): HandlerResponse | undefined {
  // GitHub counts characters, not UTF-16 units.
  if (typeof body.body === 'string' && [...body.body].length > BODY_LIMIT) {
    return {
      status: 422,
      body: validationErrorJson('Validation Failed', [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: `body is too long (maximum is ${BODY_LIMIT} characters)`
        }
      ])
    }
  }
  return undefined
}
