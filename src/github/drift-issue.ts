// One drift issue per target, as tfaction keeps one per directory: created on
// the first drift, its body updated on later runs, closed with a comment when
// the target is back in sync; when drift returns after that, a new issue links
// the closed one. Found by label and marker with issues.listForRepo (the search
// API lags behind writes by minutes, too slow to avoid duplicates).
//
// Two runs at once can both see "no open issue" and both create one: GitHub
// has no conditional create. So after creating, a run lists again; if an
// older open issue of the target exists, it closes its own as that one's
// duplicate and writes its findings there. The run that created second lists
// after both creations, so it always sees the other issue: at most one stays
// open, and each duplicate is closed once. A duplicate left by a run that
// died halfway is closed by the next run that finds the target's issue.
import { sameBody } from './body-compare.ts'
import type { GitHubActor, GitHubRepo } from './client.ts'
import { createOnce } from './create-once.ts'
import { ensureLabels } from './labels.ts'
import { readMarkers } from './markers.ts'

export interface DriftIssueRequest {
  /** the marker line the body opens with (markers.ts issueMarker). */
  marker: string
  title: string
  /**
   * the body for the open issue; `previous` is the closed issue drift returned
   * after; `current` the open issue's body (undefined: the issue is being created).
   * A comment comes with it when the run has news for the issue's watchers.
   */
  body: (previous: number | undefined, current: string | undefined) => IssueText
  /** drift or errors: keep an issue open; false: close the open one. */
  open: boolean
  labels: string[]
  /** the closing comment, and the body the closed issue keeps, when the target is back in sync. */
  resolved: (issue: OpenIssue) => { comment: string; body: string }
  isOwn: (actor: GitHubActor | null | undefined) => boolean
}

export interface IssueText {
  body: string
  /** added to the open issue (never to one being created: its creation is the news). */
  comment?: string
}

export interface DriftIssueResult {
  action: 'created' | 'updated' | 'closed' | 'none'
  number?: number
  url?: string
}

/** An open issue about to be closed: when it was opened, the issue it links, its body. */
export interface OpenIssue {
  openedAt: string
  previous?: number
  body?: string | null
}

interface FoundIssue {
  id: number
  number: number
  title: string
  html_url: string
  body?: string | null
  created_at: string
  user: GitHubActor | null
}

export async function syncDriftIssue(
  github: GitHubRepo,
  request: DriftIssueRequest
): Promise<DriftIssueResult> {
  const open = await listOpen(github, request)
  const current = oldest(open)
  if (!request.open) {
    if (!current) return { action: 'none' }
    for (const issue of open) {
      await close(
        github,
        issue.number,
        request.resolved({
          openedAt: issue.created_at,
          previous: readMarkers(issue.body, request.marker)?.previous,
          body: issue.body
        })
      )
    }
    return { action: 'closed', number: current.number, url: current.html_url }
  }
  if (current) {
    // Keeps the link to the issue before, written when this one was created.
    const text = request.body(
      readMarkers(current.body, request.marker)?.previous,
      current.body ?? ''
    )
    if (!sameBody(current.body, text.body) || current.title !== request.title) {
      await update(github, current.number, request.title, text.body)
    }
    if (text.comment !== undefined) await comment(github, current.number, text.comment)
    // A duplicate left open by an earlier race is closed now.
    for (const issue of open) if (issue !== current) await closeDuplicate(github, issue, current)
    return { action: 'updated', number: current.number, url: current.html_url }
  }

  const previous = await lastClosed(github, request)
  const { body } = request.body(previous?.number, undefined)
  await ensureLabels(github, request.labels)
  // A create whose answer was lost may have been stored: look before creating again.
  const created = await createOnce<FoundIssue>({
    create: async () =>
      (
        await github.octokit.rest.issues.create({
          owner: github.owner,
          repo: github.repo,
          title: request.title,
          body,
          labels: request.labels
        })
      ).data,
    find: async () => oldest(await listOpen(github, request))
  })
  const after = await listOpen(github, request)
  const winner = oldest(after.filter(issue => issue.number !== created.number))
  if (winner && winner.number < created.number) {
    // Another run created one first: ours is the duplicate, and that one gets our findings.
    await closeDuplicate(github, created, winner)
    // Merged with the winner's history (written by the other run moments ago).
    const text = request.body(previous?.number, winner.body ?? '')
    if (!sameBody(winner.body, text.body)) {
      await update(github, winner.number, request.title, text.body)
    }
    return { action: 'updated', number: winner.number, url: winner.html_url }
  }
  if (previous) {
    await github.octokit.rest.issues.createComment({
      owner: github.owner,
      repo: github.repo,
      issue_number: previous.number,
      body: `The drift is back: see #${created.number}.`
    })
  }
  return { action: 'created', number: created.number, url: created.html_url }
}

/** The target's open issues, every page, oldest first. */
/** What finds a target's issues: its marker, its first label, whose they are. */
type IssueFinder = Pick<DriftIssueRequest, 'marker' | 'labels' | 'isOwn'>

/** The target's open drift issue (the oldest, as syncDriftIssue picks it), if any. */
export async function findOpenIssue(
  github: GitHubRepo,
  finder: IssueFinder
): Promise<{ number: number; body?: string | null } | undefined> {
  return oldest(await listOpen(github, finder))
}

async function listOpen(github: GitHubRepo, request: IssueFinder): Promise<FoundIssue[]> {
  const { octokit, owner, repo } = github
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner,
    repo,
    state: 'open',
    labels: request.labels[0],
    sort: 'created',
    direction: 'asc',
    per_page: 100
  })
  return issues.filter(issue => isOurs(issue, request))
}

function isOurs(
  issue: { body?: string | null; pull_request?: unknown; user: GitHubActor | null },
  request: IssueFinder
): boolean {
  // listForRepo returns pull requests too.
  return (
    !issue.pull_request &&
    request.isOwn(issue.user) &&
    readMarkers(issue.body, request.marker) !== undefined
  )
}

/** The first created: numbers only grow, so every run picks the same one. */
function oldest<T extends FoundIssue>(issues: T[]): T | undefined {
  return [...issues].sort((a, b) => a.number - b.number)[0]
}

/** The most recently closed issue of the target (first page is enough: newest first). */
async function lastClosed(
  github: GitHubRepo,
  request: DriftIssueRequest
): Promise<FoundIssue | undefined> {
  const { data } = await github.octokit.rest.issues.listForRepo({
    owner: github.owner,
    repo: github.repo,
    state: 'closed',
    labels: request.labels[0],
    sort: 'updated',
    direction: 'desc',
    per_page: 100
  })
  return data.find(issue => isOurs(issue, request) && issue.state_reason !== 'duplicate')
}

async function comment(github: GitHubRepo, number: number, body: string): Promise<void> {
  await github.octokit.rest.issues.createComment({
    owner: github.owner,
    repo: github.repo,
    issue_number: number,
    body
  })
}

async function update(
  github: GitHubRepo,
  number: number,
  title: string,
  body: string
): Promise<void> {
  await github.octokit.rest.issues.update({
    owner: github.owner,
    repo: github.repo,
    issue_number: number,
    title,
    body
  })
}

async function close(
  github: GitHubRepo,
  number: number,
  resolved: { comment: string; body: string }
): Promise<void> {
  const { octokit, owner, repo } = github
  await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: number,
    body: resolved.comment
  })
  // The closed issue no longer says "drift in 7 of 16": its body says it is back in sync.
  await octokit.rest.issues.update({
    owner,
    repo,
    issue_number: number,
    body: resolved.body,
    state: 'closed',
    state_reason: 'completed'
  })
}

async function closeDuplicate(
  github: GitHubRepo,
  duplicate: FoundIssue,
  kept: FoundIssue
): Promise<void> {
  const { octokit, owner, repo } = github
  // Both racing runs see the duplicate: the later one finds it closed already.
  const { data } = await octokit.rest.issues.get({ owner, repo, issue_number: duplicate.number })
  if (data.state === 'closed') return
  await octokit.rest.issues.update({
    owner,
    repo,
    issue_number: duplicate.number,
    state: 'closed',
    state_reason: 'duplicate',
    duplicate_issue_id: kept.id
  })
  await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: duplicate.number,
    body: `Duplicate of #${kept.number}: two kube-drift runs found the same drift at once.`
  })
}
