// The stand-in's git data API and pull requests refuse what GitHub refuses,
// and answer as GitHub's schemas describe (no violation recorded).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createGitHubRepo, type GitHubRepo } from '../../../src/github/client.ts'
import type { GitHubStandIn } from '../../../test/github/stand-in.ts'
import { standIn } from './helpers.ts'

describe('the GitHub stand-in: git data and pull requests', () => {
  let github: GitHubStandIn
  let client: GitHubRepo
  let base: string

  beforeEach(async () => {
    github = await standIn()
    client = createGitHubRepo(github.token, github.url, github.owner, github.repo, {
      spaceWrites: false
    })
    base = github.store.seedCommit({ 'a/b/c.yaml': 'c: 1\n' })
  })
  afterEach(async () => {
    expect(github.violations).toEqual([])
    await github.close()
  })

  const status = async (request: Promise<unknown>): Promise<number> => {
    try {
      await request
      return 200
    } catch (error) {
      return (error as { status: number }).status
    }
  }
  const ids = { owner: 'acme', repo: 'shop' }

  async function commitOn(parent: string, content: string): Promise<string> {
    const { octokit } = client
    const { data: parentCommit } = await octokit.rest.git.getCommit({ ...ids, commit_sha: parent })
    const { data: tree } = await octokit.rest.git.createTree({
      ...ids,
      base_tree: parentCommit.tree.sha,
      tree: [{ path: 'a/b/c.yaml', mode: '100644', type: 'blob', content }]
    })
    const { data } = await octokit.rest.git.createCommit({
      ...ids,
      message: content,
      tree: tree.sha,
      parents: [parent]
    })
    return data.sha
  }

  it('moves a branch only forward unless forced, and creates it only once', async () => {
    const { octokit } = client
    const one = await commitOn(base, 'c: 2\n')
    const sideways = await commitOn(base, 'c: 3\n')
    await octokit.rest.git.createRef({ ...ids, ref: 'refs/heads/x/y', sha: one })
    expect(
      await status(octokit.rest.git.createRef({ ...ids, ref: 'refs/heads/x/y', sha: one }))
    ).toBe(422)
    expect(
      await status(octokit.rest.git.updateRef({ ...ids, ref: 'heads/x/y', sha: sideways }))
    ).toBe(422)
    await octokit.rest.git.updateRef({ ...ids, ref: 'heads/x/y', sha: sideways, force: true })
    const { data } = await octokit.rest.git.getRef({ ...ids, ref: 'heads/x/y' })
    expect(data.object.sha).toBe(sideways)
    expect(github.filesAt('x/y')).toEqual({ 'a/b/c.yaml': 'c: 3\n' })
    expect(await status(octokit.rest.git.getRef({ ...ids, ref: 'heads/none' }))).toBe(404)
  })

  it('refuses a commit on an unknown parent or tree', async () => {
    const { octokit } = client
    const { data: commit } = await octokit.rest.git.getCommit({ ...ids, commit_sha: base })
    const create = (tree: string, parent: string) =>
      status(octokit.rest.git.createCommit({ ...ids, message: 'm', tree, parents: [parent] }))
    expect(await create(commit.tree.sha, 'f'.repeat(40))).toBe(422)
    expect(await create('e'.repeat(40), base)).toBe(422)
    expect(await create(commit.tree.sha, base)).toBe(200)
  })

  it('keeps one open pull request per head and base, and none without commits', async () => {
    const { octokit } = client
    const pull = { ...ids, title: 't', head: 'feature', base: 'main' }
    await octokit.rest.git.createRef({ ...ids, ref: 'refs/heads/feature', sha: base })
    expect(await status(octokit.rest.pulls.create(pull))).toBe(422)
    await octokit.rest.git.updateRef({
      ...ids,
      ref: 'heads/feature',
      sha: await commitOn(base, 'x')
    })
    const { data: created } = await octokit.rest.pulls.create(pull)
    expect(created).toMatchObject({ number: 1, head: { ref: 'feature' }, base: { ref: 'main' } })
    expect(await status(octokit.rest.pulls.create(pull))).toBe(422)
    const listed = await octokit.rest.pulls.list({ ...ids, head: 'acme:feature', state: 'open' })
    expect(listed.data.map(p => p.number)).toEqual([1])
    expect((await octokit.rest.pulls.list({ ...ids, head: 'acme:other' })).data).toEqual([])
    await octokit.rest.pulls.update({ ...ids, pull_number: 1, state: 'closed' })
    expect((await octokit.rest.pulls.get({ ...ids, pull_number: 1 })).data.state).toBe('closed')
    const { data: repository } = await octokit.rest.repos.get(ids)
    expect(repository.default_branch).toBe('main')
  })
})
