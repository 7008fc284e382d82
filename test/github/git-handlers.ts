// The stand-in's repository and git data API: GET the repository (its default
// branch), a file's contents at a ref, blobs, trees, commits and refs, refusing what GitHub refuses (an
// unknown base tree or parent, a ref that exists already, a non-fast-forward
// update without `force`).
import { validationErrorJson } from './entities.ts'
import {
  blobJson,
  commitJson,
  contentFileJson,
  refJson,
  repositoryJson,
  treeJson,
  type Site
} from './git-entities.ts'
import type { TreeEntry } from './git-store.ts'
import { notFound, type Handler, type HandlerRequest, type HandlerResponse } from './handler-kit.ts'

export function siteOf(request: HandlerRequest): Site {
  return {
    openApi: request.openApi,
    api: request.api,
    repo: request.repo,
    defaultBranch: request.store.defaultBranch
  }
}

/** 422 with GitHub's plain message, as the git data API answers a bad request. */
export function unprocessable(message: string): HandlerResponse {
  return { status: 422, body: validationErrorJson(message, []) }
}

const created = (body: Record<string, unknown>): HandlerResponse => ({
  status: 201,
  body,
  headers: { location: String(body.url) }
})

export const gitHandlers: Record<string, Handler> = {
  'repos/get': request => ({
    status: 200,
    body: repositoryJson(siteOf(request), 'full-repository')
  }),

  // Files only: a folder's listing is not modelled (404 here, an array on GitHub).
  'repos/get-content': request => {
    const { git, defaultBranch } = request.store
    const ref = String(request.query.ref ?? defaultBranch)
    const sha = git.refs.get(`refs/heads/${ref}`) ?? ref
    const commit = git.commits.get(sha)
    const path = String(request.params.path)
    const entry = commit ? git.trees.get(commit.tree)?.get(path) : undefined
    if (!entry || entry.type !== 'blob') return notFound()
    const text = git.blobs.get(entry.sha) ?? ''
    return { status: 200, body: contentFileJson(siteOf(request), path, ref, entry.sha, text) }
  },

  'git/create-blob': request => {
    const { content, encoding = 'utf-8' } = request.body as { content: string; encoding?: string }
    if (encoding !== 'utf-8' && encoding !== 'base64') {
      return unprocessable(`encoding must be "utf-8" or "base64" (got "${encoding}")`)
    }
    const text =
      encoding === 'base64' ? Buffer.from(content, 'base64').toString('utf8') : String(content)
    const sha = request.store.git.addBlob(text)
    return created(blobJson(siteOf(request), sha))
  },

  'git/create-tree': request => {
    const { git } = request.store
    const body = request.body as { base_tree?: string; tree: Record<string, unknown>[] }
    let entries = new Map<string, TreeEntry>()
    if (body.base_tree !== undefined) {
      const base = git.trees.get(body.base_tree)
      if (!base) return unprocessable('base_tree is not a valid tree')
      entries = new Map(base)
    }
    for (const item of body.tree) {
      const path = String(item.path ?? '')
      if (!path || path.startsWith('/') || path.split('/').some(part => part === '..' || !part)) {
        return unprocessable(`tree.path "${path}" is not a valid path`)
      }
      if ('sha' in item && 'content' in item) {
        return unprocessable('tree.sha and tree.content cannot both be given')
      }
      if (item.sha === null) {
        entries.delete(path)
        continue
      }
      const sha = typeof item.content === 'string' ? git.addBlob(item.content) : String(item.sha)
      if (item.type === 'blob' && !git.blobs.has(sha)) {
        return unprocessable(`tree.sha ${sha} is not a valid blob`)
      }
      entries.set(path, {
        mode: String(item.mode),
        type: item.type as TreeEntry['type'],
        sha
      })
    }
    const sha = git.addTree(entries)
    return created(treeJson(siteOf(request), sha, entries))
  },

  'git/create-commit': request => {
    const { git } = request.store
    const body = request.body as { message: string; tree: string; parents?: string[] }
    if (!git.trees.has(body.tree)) return unprocessable('Tree SHA does not exist')
    const parents = body.parents ?? []
    if (parents.some(sha => !git.commits.has(sha))) {
      return unprocessable('Parent SHA does not exist or is not a commit object')
    }
    const commit = git.addCommit({
      tree: body.tree,
      parents,
      message: body.message,
      date: request.store.now()
    })
    return created(commitJson(siteOf(request), commit))
  },

  'git/get-commit': request => {
    const commit = request.store.git.commits.get(String(request.params.commit_sha))
    return commit ? { status: 200, body: commitJson(siteOf(request), commit) } : notFound()
  },

  'git/get-ref': request => {
    const ref = `refs/${String(request.params.ref)}`
    const sha = request.store.git.refs.get(ref)
    return sha ? { status: 200, body: refJson(siteOf(request), ref, sha) } : notFound()
  },

  'git/create-ref': request => {
    const { git } = request.store
    const { ref, sha } = request.body as { ref: string; sha: string }
    if (!/^refs\/[^/]+\/.+/.test(ref)) return unprocessable(`${ref} is not a valid ref name.`)
    if (git.refs.has(ref)) return unprocessable('Reference already exists')
    if (!git.commits.has(sha)) return unprocessable('Object does not exist')
    git.refs.set(ref, sha)
    return created(refJson(siteOf(request), ref, sha))
  },

  'git/update-ref': request => {
    const { git } = request.store
    const ref = `refs/${String(request.params.ref)}`
    const { sha, force = false } = request.body as { sha: string; force?: boolean }
    const current = git.refs.get(ref)
    if (!current) return unprocessable('Reference does not exist')
    if (!git.commits.has(sha)) return unprocessable('Object does not exist')
    if (!force && !git.isAncestor(current, sha))
      return unprocessable('Update is not a fast forward')
    git.refs.set(ref, sha)
    return { status: 200, body: refJson(siteOf(request), ref, sha) }
  }
}
