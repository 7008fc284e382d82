// The one pull-request comment per target set: found by its hidden marker
// among the token's own comments (every page), edited in place, created only
// when there is none — also when the answer to the create was lost (it is
// looked for again before a second create). Other people's comments quoting
// the marker are left alone.
import type { GitHubActor, GitHubRepo } from './client.ts'
import { createOnce } from './create-once.ts'
import { readMarkers } from './markers.ts'

export type CommentMode = 'auto' | 'always' | 'on-drift' | 'never'

export interface StickyCommentRequest {
  issueNumber: number
  /** the marker line the body opens with (markers.ts commentMarker). */
  marker: string
  /** the body for this run's report. */
  body: string
  /** the body when the target set is clean and the comment reported drift before. */
  nowInSyncBody: string
  clean: boolean
  mode: CommentMode
  isOwn: (actor: GitHubActor | null | undefined) => boolean
}

export interface StickyCommentResult {
  action: 'created' | 'updated' | 'unchanged' | 'skipped'
  url?: string
}

export async function upsertStickyComment(
  github: GitHubRepo,
  request: StickyCommentRequest
): Promise<StickyCommentResult> {
  if (request.mode === 'never') return { action: 'skipped' }
  const { octokit, owner, repo } = github
  const findOwn = async () => {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: request.issueNumber,
      per_page: 100
    })
    return comments.find(
      comment =>
        request.isOwn(comment.user) && readMarkers(comment.body, request.marker) !== undefined
    )
  }
  const existing = await findOwn()
  if (!existing) {
    // on-drift: nothing to say while clean, and no earlier comment to correct.
    if (request.clean && request.mode === 'on-drift') return { action: 'skipped' }
    const created = await createOnce({
      create: async () =>
        (
          await octokit.rest.issues.createComment({
            owner,
            repo,
            issue_number: request.issueNumber,
            body: request.body
          })
        ).data,
      find: findOwn
    })
    return { action: 'created', url: created.html_url }
  }
  // A comment that showed drift (attention) or said "now in sync" (resolved):
  // a clean run then says, and keeps saying, "now in sync".
  const body =
    request.clean && readMarkers(existing.body, request.marker)?.state !== undefined
      ? request.nowInSyncBody
      : request.body
  if (existing.body === body) return { action: 'unchanged', url: existing.html_url }
  const { data } = await octokit.rest.issues.updateComment({
    owner,
    repo,
    comment_id: existing.id,
    body
  })
  return { action: 'updated', url: data.html_url }
}
