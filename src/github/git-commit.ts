// One commit of changed files on top of a given commit, through GitHub's git
// data API (no checkout, no push: the runner's working tree is never touched):
// a blob per file, a tree on the parent's tree, a commit, then the branch
// pointed at it. File contents are sent as UTF-8 text, never base64: every
// string kube-drift sends is scrubbed of the run's secrets (client.ts), which
// would find false matches in base64 text and corrupt it.
import { secrets } from '../util/secret-scrubber.ts'
import type { GitHubRepo } from './client.ts'
import { createOnce } from './create-once.ts'
import { isPermissionError, permissionError, statusOf } from './permission.ts'

export interface CommittedFile {
  /** relative to the repository root, with `/`. */
  path: string
  content: string
  /** the text the edit started from; null for a new file (adopt-base-check.ts). */
  before: string | null
}

export interface BranchHead {
  sha: string
  tree: string
  parents: string[]
  message: string
}

/** A path GitHub would store where kube-drift means: relative, normalised, outside .git. */
export function checkRepositoryPath(path: string): string {
  const parts = path.split('/')
  const bad =
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    // eslint-disable-next-line no-control-regex
    /[\x00-\x1f]/.test(path) ||
    parts.some(part => part === '' || part === '.' || part === '..') ||
    parts[0]?.toLowerCase() === '.git'
  if (bad) throw new Error(`refusing to commit "${path}": not a plain path inside the repository`)
  return path
}

/** Plain paths inside the repository, and no credential of this run in any file. */
export function checkCommittable(files: CommittedFile[]): void {
  for (const file of files) {
    checkRepositoryPath(file.path)
    // Everything sent is scrubbed (client.ts): a file holding a credential of this
    // run (a webhook's caBundle that is the cluster's CA) would be committed with
    // *** in it. Refused instead, so no broken manifest is ever proposed.
    if (secrets.scrub(file.content) !== file.content) {
      throw new Error(
        `refusing to commit ${file.path}: it contains a credential of this run (from the ` +
          'kubeconfig or a token), which kube-drift never sends to GitHub'
      )
    }
  }
}

/** The tree of `parent` with `files` written over it; returns the new tree's SHA. */
export async function writeTree(
  github: GitHubRepo,
  parent: string,
  files: CommittedFile[]
): Promise<string> {
  const { octokit, owner, repo } = github
  checkCommittable(files)
  const base = await read(`read the commit ${parent.slice(0, 7)}`, () =>
    octokit.rest.git.getCommit({ owner, repo, commit_sha: parent })
  )
  const tree: { path: string; mode: '100644'; type: 'blob'; sha: string }[] = []
  for (const file of files) {
    const blob = await write(`store ${file.path}`, () =>
      octokit.rest.git.createBlob({ owner, repo, content: file.content, encoding: 'utf-8' })
    )
    tree.push({ path: file.path, mode: '100644', type: 'blob', sha: blob.sha })
  }
  const created = await write('store the tree', () =>
    octokit.rest.git.createTree({ owner, repo, base_tree: base.tree.sha, tree })
  )
  return created.sha
}

export async function createCommit(
  github: GitHubRepo,
  commit: { tree: string; parent: string; message: string }
): Promise<string> {
  const { octokit, owner, repo } = github
  // No author: GitHub records the token's identity, and signs the commit of an app's token.
  const created = await write('create the commit', () =>
    octokit.rest.git.createCommit({
      owner,
      repo,
      message: commit.message,
      tree: commit.tree,
      parents: [commit.parent]
    })
  )
  return created.sha
}

/** The commit a branch points at, or undefined when there is no such branch. */
export async function branchHead(
  github: GitHubRepo,
  branch: string
): Promise<BranchHead | undefined> {
  const { octokit, owner, repo } = github
  let sha: string
  try {
    const { data } = await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })
    sha = data.object.sha
  } catch (error) {
    if (statusOf(error) === 404) return undefined
    throw readError(`read the branch ${branch}`, error)
  }
  const commit = await read(`read the commit ${sha.slice(0, 7)}`, () =>
    octokit.rest.git.getCommit({ owner, repo, commit_sha: sha })
  )
  return {
    sha,
    tree: commit.tree.sha,
    parents: commit.parents.map(parent => parent.sha),
    message: commit.message
  }
}

/**
 * Points `branch` at `sha`: creates it, or moves it with `force` (the branch
 * is kube-drift's own: the new commit replaces the one before, on the same
 * base). A branch created meanwhile by another run is moved too.
 */
export async function pointBranch(
  github: GitHubRepo,
  branch: string,
  sha: string,
  exists: boolean
): Promise<void> {
  const { octokit, owner, repo } = github
  const move = () =>
    write(`move the branch ${branch}`, () =>
      octokit.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha, force: true })
    )
  if (exists) {
    await move()
    return
  }
  try {
    await write(`create the branch ${branch}`, () =>
      octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha })
    )
  } catch (error) {
    // Another run created it meanwhile, or our create was stored and its answer lost.
    if (statusOf(error) === 422 && /already exists/i.test(String(error))) await move()
    else throw error
  }
}

/**
 * A write needing `contents: write`; a lost answer is tried again (blobs,
 * trees and commits are stored by content: one more is harmless).
 */
async function write<T>(what: string, request: () => Promise<{ data: T }>): Promise<T> {
  try {
    return await createOnce({
      create: async () => (await request()).data,
      find: async () => undefined
    })
  } catch (error) {
    if (isPermissionError(error)) throw permissionError(what, 'contents: write', error)
    throw error
  }
}

async function read<T>(what: string, request: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await request()).data
  } catch (error) {
    throw readError(what, error)
  }
}

function readError(what: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error)
  return new Error(`could not ${what}: ${message}`, { cause: error })
}
