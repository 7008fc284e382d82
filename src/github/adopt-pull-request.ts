// One adopt pull request per target, as Renovate keeps one per update: the
// live values committed on the branch `kube-drift/adopt/<target>` as ONE
// commit on top of the commit whose manifests were read, and a pull request
// from it, found again by the marker its body opens with. A later run
// replaces that commit (the branch is kube-drift's own) and updates the pull
// request's title and body; the same adoption twice changes nothing. When
// there is nothing left to adopt, the open pull request is closed with a
// comment, as bots close a pull request that became obsolete. A pull request
// somebody closed without merging declines that adoption, as closing a
// Renovate or Dependabot pull request declines that update: the same
// adoption is not proposed again, a different one is.
//
// A branch whose last commit kube-drift did not make (someone pushed to it)
// is left alone: replacing it would throw their work away. GitHub's "Update
// branch" button (a merge of the base into ours) is no such work.
import { checkFilesAtBase } from './adopt-base-check.ts'
import type { GitHubRepo } from './client.ts'
import { createOnce } from './create-once.ts'
import {
  branchHead,
  checkCommittable,
  createCommit,
  pointBranch,
  writeTree,
  type BranchHead,
  type CommittedFile
} from './git-commit.ts'
import { readMarkers, stateMarker } from './markers.ts'
import { isPermissionError, permissionError, statusOf } from './permission.ts'

export interface AdoptPullRequestRequest {
  target: string
  branch: string
  /** the line the body opens with (markers.ts adoptMarker). */
  marker: string
  /** the files with the live values; empty: nothing to adopt. */
  files: CommittedFile[]
  title: string
  body: string
  /** the commit message; it ends with the trailer that marks the commit as ours. */
  commitMessage: string
  /** the commit whose manifests were read: the adopted commit's only parent. */
  baseSha: string
  /** the branch the pull request asks to merge into. */
  baseBranch: string
  /** the comment that closes the pull request when there are no files; undefined: keep it open. */
  closingComment?: string
}

export interface AdoptPullRequestResult {
  target: string
  /**
   * kept: no files, but the check had errors, so the open pull request stays as it was;
   * declined: somebody closed the pull request of this same adoption without merging it.
   */
  action: 'created' | 'updated' | 'unchanged' | 'closed' | 'kept' | 'declined' | 'none'
  branch: string
  number?: number
  url?: string
  /** the commit at the head of the branch. */
  commit?: string
}

interface FoundPull {
  number: number
  html_url: string
  title: string
  body: string | null
  base: { ref: string }
}

/** The trailer of kube-drift's adopt commits: a commit without it is somebody else's. */
export function adoptTrailer(target: string): string {
  return `Kube-drift-adopt: ${target.replace(/[\r\n]+/g, ' ')}`
}

export async function syncAdoptPullRequest(
  github: GitHubRepo,
  request: AdoptPullRequestRequest
): Promise<AdoptPullRequestResult> {
  const result = { target: request.target, branch: request.branch }
  const open = await findOpen(github, request)
  if (request.files.length === 0) {
    if (!open) return { ...result, action: 'none' }
    if (request.closingComment === undefined) {
      return { ...result, action: 'kept', number: open.number, url: open.html_url }
    }
    await close(github, open, request.marker, request.closingComment)
    return { ...result, action: 'closed', number: open.number, url: open.html_url }
  }

  checkCommittable(request.files)
  if (!open) {
    const declined = await findDeclined(github, request)
    if (declined) {
      return { ...result, action: 'declined', number: declined.number, url: declined.html_url }
    }
  }
  const head = await branchHead(github, request.branch)
  if (head && !(await isOursOrUpdate(github, head, request.target))) {
    throw new Error(
      `the branch ${request.branch} has a commit kube-drift did not make (${head.sha.slice(0, 7)}); ` +
        'kube-drift does not replace it. Merge or close its pull request and delete the branch: ' +
        'the next run opens a new one.'
    )
  }
  await checkFilesAtBase(github, request.baseSha, request.files)
  const tree = await writeTree(github, request.baseSha, request.files)
  // The same adoption on the same base: the commit there already says it.
  const same =
    head?.tree === tree && head.parents.length === 1 && head.parents[0] === request.baseSha
  const commit = same
    ? head.sha
    : await createCommit(github, { tree, parent: request.baseSha, message: request.commitMessage })
  if (!same) await pointBranch(github, request.branch, commit, head !== undefined)

  if (open) {
    const changed = await update(github, open, request)
    return {
      ...result,
      action: changed || !same ? 'updated' : 'unchanged',
      number: open.number,
      url: open.html_url,
      commit
    }
  }
  const created = await create(github, request)
  return { ...result, ...created, commit }
}

function isOurs(commit: { message: string }, target: string): boolean {
  return commit.message.split(/\r?\n/).includes(adoptTrailer(target))
}

/** Our commit, or a merge of the base into it as GitHub's "Update branch" makes. */
async function isOursOrUpdate(
  github: GitHubRepo,
  head: BranchHead,
  target: string
): Promise<boolean> {
  if (isOurs(head, target)) return true
  if (
    head.parents.length !== 2 ||
    !/^Merge (branch|remote-tracking branch|[0-9a-f]{7,40}) /.test(head.message)
  ) {
    return false
  }
  const { octokit, owner, repo } = github
  for (const sha of head.parents) {
    const { data } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: sha })
    if (isOurs(data, target)) return true
  }
  return false
}

/** The open pull request from the target's branch that opens with its marker (every page). */
async function findOpen(
  github: GitHubRepo,
  request: AdoptPullRequestRequest
): Promise<FoundPull | undefined> {
  const { octokit, owner, repo } = github
  const pulls = await octokit.paginate(octokit.rest.pulls.list, {
    owner,
    repo,
    state: 'open',
    head: `${owner}:${request.branch}`,
    per_page: 100
  })
  return pulls
    .filter(pull => readMarkers(pull.body, request.marker) !== undefined)
    .sort((a, b) => a.number - b.number)[0]
}

/**
 * The last closed pull request of the target when somebody closed it unmerged
 * and it proposed exactly this (same body). One kube-drift closed as obsolete
 * carries the `resolved` state line, so drift that comes back is proposed again.
 */
async function findDeclined(
  github: GitHubRepo,
  request: AdoptPullRequestRequest
): Promise<FoundPull | undefined> {
  const { octokit, owner, repo } = github
  const { data } = await octokit.rest.pulls.list({
    owner,
    repo,
    state: 'closed',
    head: `${owner}:${request.branch}`,
    sort: 'updated',
    direction: 'desc',
    per_page: 30
  })
  const last = data.find(pull => readMarkers(pull.body, request.marker) !== undefined)
  if (!last || last.merged_at !== null) return undefined
  if (readMarkers(last.body, request.marker)?.state === 'resolved') return undefined
  return last.body === request.body ? last : undefined
}

async function create(
  github: GitHubRepo,
  request: AdoptPullRequestRequest
): Promise<Pick<AdoptPullRequestResult, 'action' | 'number' | 'url'>> {
  const { octokit, owner, repo } = github
  try {
    // A create whose answer was lost may have been stored: look before creating again.
    const pull = await createOnce<FoundPull>({
      create: async () =>
        (
          await octokit.rest.pulls.create({
            owner,
            repo,
            title: request.title,
            head: request.branch,
            base: request.baseBranch,
            body: request.body,
            maintainer_can_modify: false
          })
        ).data,
      find: () => findOpen(github, request)
    })
    return { action: 'created', number: pull.number, url: pull.html_url }
  } catch (error) {
    // GitHub keeps one open pull request per head and base: another run opened it meanwhile.
    if (statusOf(error) === 422 && /already exists/i.test(String(error))) {
      const other = await findOpen(github, request)
      if (other) {
        await update(github, other, request)
        return { action: 'updated', number: other.number, url: other.html_url }
      }
    }
    throw asPermission(`open the pull request of ${request.target}`, error)
  }
}

/** Title, body and base as this run says; false when they already were. */
async function update(
  github: GitHubRepo,
  pull: FoundPull,
  request: AdoptPullRequestRequest
): Promise<boolean> {
  const changes = {
    ...(pull.title !== request.title ? { title: request.title } : {}),
    ...(pull.body !== request.body ? { body: request.body } : {}),
    ...(pull.base.ref !== request.baseBranch ? { base: request.baseBranch } : {})
  }
  if (Object.keys(changes).length === 0) return false
  const { octokit, owner, repo } = github
  try {
    await octokit.rest.pulls.update({ owner, repo, pull_number: pull.number, ...changes })
  } catch (error) {
    throw asPermission(`update the pull request #${pull.number}`, error)
  }
  return true
}

/** Closed as obsolete, its body marked `resolved` under the marker: no decline of somebody's. */
async function close(
  github: GitHubRepo,
  pull: FoundPull,
  marker: string,
  comment: string
): Promise<void> {
  const { octokit, owner, repo } = github
  const body = `${marker}\n${stateMarker('resolved')}${(pull.body ?? '').slice(marker.length)}`
  try {
    await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: pull.number,
      body: comment
    })
    await octokit.rest.pulls.update({
      owner,
      repo,
      pull_number: pull.number,
      state: 'closed',
      body
    })
  } catch (error) {
    throw asPermission(`close the pull request #${pull.number}`, error)
  }
}

function asPermission(what: string, error: unknown): unknown {
  return isPermissionError(error) ? permissionError(what, 'pull-requests: write', error) : error
}
