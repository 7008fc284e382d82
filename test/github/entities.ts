// The JSON GitHub answers with: users, labels, issues, comments, errors, with
// every field the OpenAPI description requires (the stand-in checks its own
// answers against it, so these shapes cannot drift from GitHub's).

export interface StandInUser {
  login: string
  id: number
  type: 'User' | 'Bot'
}

/** Who a GITHUB_TOKEN acts as. */
export const ACTIONS_BOT: StandInUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }
export const OCTOCAT: StandInUser = { login: 'octocat', id: 583231, type: 'User' }

export const HTML_BASE = 'https://github.com'
const DOCS = 'https://docs.github.com/rest'

export interface StoredLabel {
  id: number
  name: string
  color: string
  description: string | null
}

export interface StoredIssue {
  id: number
  number: number
  title: string
  body: string | null
  user: StandInUser
  labels: string[]
  state: 'open' | 'closed'
  stateReason: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null
  isPullRequest: boolean
  /** a pull request's branches; absent for one added without them (addPullRequest). */
  pull?: StoredPull
  comments: number
  createdAt: string
  updatedAt: string
  closedAt: string | null
}

/** The head and base branches of a pull request. */
export interface StoredPull {
  head: string
  base: string
  merged: boolean
}

export interface StoredComment {
  id: number
  issueNumber: number
  body: string
  user: StandInUser
  createdAt: string
  updatedAt: string
}

export function userJson(api: string, user: StandInUser): Record<string, unknown> {
  const url = `${api}/users/${encodeURIComponent(user.login)}`
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId('U', user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${HTML_BASE}/${user.type === 'Bot' ? 'apps/' : ''}${user.login.replace('[bot]', '')}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false
  }
}

/** GET /user for a personal access token: the private view of the user. */
export function authenticatedUserJson(api: string, user: StandInUser): Record<string, unknown> {
  return {
    ...userJson(api, user),
    user_view_type: 'private',
    name: user.login,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 2,
    public_gists: 0,
    followers: 1,
    following: 0,
    created_at: '2011-01-25T18:44:36Z',
    updated_at: '2026-01-01T00:00:00Z',
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 100,
    collaborators: 0,
    two_factor_authentication: true
  }
}

export function labelJson(api: string, repo: string, label: StoredLabel): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId('LA', label.id),
    url: `${api}/repos/${repo}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false
  }
}

export function issueJson(
  api: string,
  repo: string,
  issue: StoredIssue,
  labels: StoredLabel[],
  closedBy: StandInUser | undefined
): Record<string, unknown> {
  const url = `${api}/repos/${repo}/issues/${issue.number}`
  const kind = issue.isPullRequest ? 'pull' : 'issues'
  return {
    id: issue.id,
    node_id: nodeId(issue.isPullRequest ? 'PR' : 'I', issue.id),
    url,
    repository_url: `${api}/repos/${repo}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${HTML_BASE}/${repo}/${kind}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: userJson(api, issue.user),
    labels: labels.map(label => labelJson(api, repo, label)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: issue.comments,
    ...(issue.isPullRequest
      ? {
          pull_request: {
            url: `${api}/repos/${repo}/pulls/${issue.number}`,
            html_url: `${HTML_BASE}/${repo}/pull/${issue.number}`,
            diff_url: `${HTML_BASE}/${repo}/pull/${issue.number}.diff`,
            patch_url: `${HTML_BASE}/${repo}/pull/${issue.number}.patch`,
            merged_at: null
          },
          draft: false
        }
      : {}),
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_by: closedBy ? userJson(api, closedBy) : null,
    author_association: issue.user.type === 'Bot' ? 'NONE' : 'OWNER',
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    reactions: reactionsJson(`${url}/reactions`)
  }
}

export function commentJson(
  api: string,
  repo: string,
  comment: StoredComment,
  isPullRequest: boolean
): Record<string, unknown> {
  const url = `${api}/repos/${repo}/issues/comments/${comment.id}`
  const kind = isPullRequest ? 'pull' : 'issues'
  return {
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    url,
    html_url: `${HTML_BASE}/${repo}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userJson(api, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/repos/${repo}/issues/${comment.issueNumber}`,
    author_association: comment.user.type === 'Bot' ? 'NONE' : 'OWNER',
    performed_via_github_app: null,
    reactions: reactionsJson(`${url}/reactions`)
  }
}

function reactionsJson(url: string): Record<string, unknown> {
  return {
    url,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    confused: 0,
    heart: 0,
    hooray: 0,
    eyes: 0,
    rocket: 0
  }
}

export function errorJson(status: number, message: string): Record<string, unknown> {
  return { message, documentation_url: DOCS, status: String(status) }
}

export function validationErrorJson(
  message: string,
  errors: Record<string, unknown>[]
): Record<string, unknown> {
  return { message, errors, documentation_url: DOCS, status: '422' }
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString('base64url')}`
}
