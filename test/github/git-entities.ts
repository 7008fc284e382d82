// The JSON GitHub answers for the repository, its git objects (blobs, trees,
// commits, refs) and pull requests. The large ones (a pull request embeds its
// head and base repository) are built from GitHub's schema (schema-example.ts)
// with the fields that matter set here; the stand-in validates every answer.
import {
  ACTIONS_BOT,
  HTML_BASE,
  userJson,
  type StandInUser,
  type StoredIssue,
  type StoredPull
} from './entities.ts'
import type { StoredCommit, TreeEntry } from './git-store.ts'
import type { JsonObject, OpenApi } from './openapi-spec.ts'
import { exampleOf } from './schema-example.ts'

/** Where a request is answered: the API base URL and `owner/repo`. */
export interface Site {
  openApi: OpenApi
  api: string
  repo: string
  defaultBranch: string
}

function owner(site: Site): StandInUser {
  const login = site.repo.split('/')[0] ?? 'acme'
  return { login, id: 4242, type: 'User' }
}

export function repositoryJson(site: Site, schema = 'repository'): JsonObject {
  const name = site.repo.split('/')[1] ?? ''
  const url = `${site.api}/repos/${site.repo}`
  return exampleOf(site.openApi, schema, {
    id: 4242,
    node_id: 'R_kgDOstandin',
    name,
    full_name: site.repo,
    owner: userJson(site.api, owner(site)) as JsonObject,
    private: true,
    html_url: `${HTML_BASE}/${site.repo}`,
    url,
    default_branch: site.defaultBranch,
    visibility: 'private',
    description: null,
    fork: false
  })
}

export function blobJson(site: Site, sha: string): JsonObject {
  return { url: `${site.api}/repos/${site.repo}/git/blobs/${sha}`, sha }
}

export function treeJson(site: Site, sha: string, entries: Map<string, TreeEntry>): JsonObject {
  return {
    sha,
    url: `${site.api}/repos/${site.repo}/git/trees/${sha}`,
    truncated: false,
    tree: [...entries.entries()].map(([path, entry]) => ({
      path,
      mode: entry.mode,
      type: entry.type,
      sha: entry.sha,
      url: `${site.api}/repos/${site.repo}/git/${entry.type}s/${entry.sha}`
    }))
  }
}

export function commitJson(site: Site, commit: StoredCommit): JsonObject {
  const person = { name: ACTIONS_BOT.login, email: 'github-actions[bot]@users.noreply.github.com' }
  return {
    sha: commit.sha,
    node_id: `C_kwDO${commit.sha.slice(0, 12)}`,
    url: `${site.api}/repos/${site.repo}/git/commits/${commit.sha}`,
    html_url: `${HTML_BASE}/${site.repo}/commit/${commit.sha}`,
    author: { ...person, date: commit.date },
    committer: { ...person, date: commit.date },
    tree: { sha: commit.tree, url: `${site.api}/repos/${site.repo}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map(sha => ({
      sha,
      url: `${site.api}/repos/${site.repo}/git/commits/${sha}`,
      html_url: `${HTML_BASE}/${site.repo}/commit/${sha}`
    })),
    // Commits made through the API with an app's token are signed by GitHub.
    verification: {
      verified: true,
      reason: 'valid',
      signature: null,
      payload: null,
      verified_at: commit.date
    }
  }
}

export function refJson(site: Site, ref: string, sha: string): JsonObject {
  return {
    ref,
    node_id: `REF_kwDO${Buffer.from(ref).toString('base64url')}`,
    url: `${site.api}/repos/${site.repo}/git/${ref}`,
    object: { type: 'commit', sha, url: `${site.api}/repos/${site.repo}/git/commits/${sha}` }
  }
}

/** A pull request as pulls/get (`pull-request`) or pulls/list (`pull-request-simple`) shows it. */
export function pullJson(
  site: Site,
  issue: StoredIssue,
  pull: StoredPull,
  shas: { head: string; base: string },
  schema: 'pull-request' | 'pull-request-simple'
): JsonObject {
  const url = `${site.api}/repos/${site.repo}/pulls/${issue.number}`
  const html = `${HTML_BASE}/${site.repo}/pull/${issue.number}`
  const issueUrl = `${site.api}/repos/${site.repo}/issues/${issue.number}`
  const repository = repositoryJson(site)
  const ownerLogin = site.repo.split('/')[0] ?? ''
  const side = (ref: string, sha: string): JsonObject => ({
    label: `${ownerLogin}:${ref}`,
    ref,
    sha,
    repo: repository,
    user: userJson(site.api, owner(site)) as JsonObject
  })
  const link = (href: string): JsonObject => ({ href })
  return exampleOf(site.openApi, schema, {
    url,
    id: issue.id,
    node_id: `PR_kwDO${issue.id}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${site.api}/repos/${site.repo}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${site.api}/repos/${site.repo}/statuses/${shas.head}`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    body: issue.body,
    user: userJson(site.api, issue.user) as JsonObject,
    labels: [],
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: null,
    merge_commit_sha: null,
    head: side(pull.head, shas.head),
    base: side(pull.base, shas.base),
    _links: {
      self: link(url),
      html: link(html),
      issue: link(issueUrl),
      comments: link(`${issueUrl}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${site.api}/repos/${site.repo}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${site.api}/repos/${site.repo}/statuses/${shas.head}`)
    },
    author_association: issue.user.type === 'Bot' ? 'NONE' : 'OWNER',
    draft: false,
    merged: pull.merged,
    mergeable: null,
    mergeable_state: 'unknown',
    comments: issue.comments,
    commits: 1,
    changed_files: 1
  })
}

/** A file as repos/get-content answers for it (`content-file`, base64 as GitHub sends it). */
export function contentFileJson(
  site: Site,
  path: string,
  ref: string,
  sha: string,
  text: string
): JsonObject {
  const url = `${site.api}/repos/${site.repo}/contents/${path}?ref=${ref}`
  const html = `${HTML_BASE}/${site.repo}/blob/${ref}/${path}`
  const git = `${site.api}/repos/${site.repo}/git/blobs/${sha}`
  return {
    type: 'file',
    encoding: 'base64',
    size: Buffer.byteLength(text, 'utf8'),
    name: path.split('/').pop() ?? path,
    path,
    content: Buffer.from(text, 'utf8').toString('base64'),
    sha,
    url,
    git_url: git,
    html_url: html,
    download_url: `https://raw.githubusercontent.com/${site.repo}/${ref}/${path}`,
    _links: { git, html, self: url }
  }
}
