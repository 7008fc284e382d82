// The adoption edits the files of the runner's checkout; its commit goes on
// GITHUB_SHA. Both must be the same files, or the pull request would carry
// changes nobody reviewed in the report: a checkout of another ref
// (actions/checkout with `ref:`), into a subfolder (`path:`), or edited by an
// earlier step. So each file's text before the edit must be the blob GitHub
// holds at that path in GITHUB_SHA (compared by git's blob SHA, nothing is
// downloaded), and a new file must not exist there yet.
import { createHash } from 'node:crypto'
import type { GitHubRepo } from './client.ts'
import { statusOf } from './permission.ts'

export interface FileBefore {
  path: string
  /** the text read from the workspace; null for a file the adoption creates. */
  before: string | null
}

/** git's object name of a blob of `text` (UTF-8). */
export function gitBlobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8')
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
}

export async function checkFilesAtBase(
  github: GitHubRepo,
  baseSha: string,
  files: FileBefore[]
): Promise<void> {
  const differing: string[] = []
  for (const file of files) {
    const atBase = await blobShaAt(github, baseSha, file.path)
    const expected = file.before === null ? undefined : gitBlobSha(file.before)
    if (atBase !== expected) differing.push(file.path)
  }
  if (differing.length === 0) return
  throw new Error(
    `${differing.join(', ')} in the workspace ${differing.length === 1 ? 'is' : 'are'} not as in ` +
      `GITHUB_SHA ${baseSha.slice(0, 7)}, the commit the adoption goes on: check that commit out ` +
      'at the workspace root (actions/checkout without `ref:` or `path:`), and adopt before any ' +
      'step that changes the manifests'
  )
}

/** The blob SHA of a file at a commit; undefined when there is none (or not a file). */
async function blobShaAt(
  github: GitHubRepo,
  ref: string,
  path: string
): Promise<string | undefined> {
  try {
    const { data } = await github.octokit.rest.repos.getContent({
      owner: github.owner,
      repo: github.repo,
      path,
      ref
    })
    return !Array.isArray(data) && data.type === 'file' ? data.sha : undefined
  } catch (error) {
    if (statusOf(error) === 404) return undefined
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(`could not read ${path} at ${ref.slice(0, 7)}: ${message}`, { cause: error })
  }
}
