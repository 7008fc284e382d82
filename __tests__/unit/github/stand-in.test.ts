// The GitHub stand-in itself: it must refuse what GitHub would refuse, so that
// a green test means a request GitHub understands.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { GitHubStandIn } from '../../../test/github/stand-in.ts'
import { repoOf, standIn } from './helpers.ts'

async function send(
  github: GitHubStandIn,
  method: string,
  path: string,
  body?: unknown,
  token = github.token
): Promise<{ status: number; json: unknown; link: string | null }> {
  const response = await fetch(`${github.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  return {
    status: response.status,
    json: text ? JSON.parse(text) : undefined,
    link: response.headers.get('link')
  }
}

describe('the GitHub stand-in', () => {
  let github: GitHubStandIn

  beforeEach(async () => {
    github = await standIn()
  })
  afterEach(async () => {
    await github.close()
  })

  it('answers an unknown route 404 and records it', async () => {
    const response = await send(github, 'POST', '/repos/acme/shop/issues/1/commentz', { body: 'x' })
    expect(response.status).toBe(404)
    expect(github.violations).toEqual([
      "POST /repos/acme/shop/issues/1/commentz: no such route in GitHub's REST API"
    ])
  })

  it('refuses a body field the operation does not describe', async () => {
    const response = await send(github, 'POST', '/repos/acme/shop/issues', {
      title: 't',
      bdy: 'typo'
    })
    expect(response.status).toBe(422)
    expect(github.violations).toEqual(['issues/create: body field "bdy" is not described'])
  })

  it('refuses a value outside the described enum or type', async () => {
    github.store.addIssue({ title: 't', user: { login: 'x', id: 1, type: 'User' } })
    await send(github, 'PATCH', '/repos/acme/shop/issues/1', { state: 'shut' })
    await send(github, 'GET', '/repos/acme/shop/issues?per_page=many')
    await send(github, 'GET', '/repos/acme/shop/issues/one')
    expect(github.violations).toHaveLength(3)
    expect(github.violations[0]).toContain(
      'issues/update: body: /state must be equal to one of the allowed values'
    )
    expect(github.violations[1]).toContain('query parameter "per_page"="many"')
    expect(github.violations[2]).toContain('path parameter "issue_number"="one"')
  })

  it('refuses an unknown query parameter and a missing required body', async () => {
    await send(github, 'GET', '/repos/acme/shop/issues?label=x')
    await send(github, 'POST', '/repos/acme/shop/labels')
    expect(github.violations).toEqual([
      'issues/list-for-repo: query parameter "label" is not described for this operation',
      'issues/create-label: the request body is required'
    ])
  })

  it('refuses a body over 65,536 characters, as GitHub does', async () => {
    const response = await send(github, 'POST', '/repos/acme/shop/issues', {
      title: 't',
      body: 'x'.repeat(65_537)
    })
    expect(response.status).toBe(422)
    expect(github.violations).toEqual(["issues/create: body over GitHub's 65,536 characters"])
  })

  it('refuses a wrong token', async () => {
    const response = await send(github, 'GET', '/repos/acme/shop/issues', undefined, 'nope')
    expect(response.status).toBe(401)
    expect(github.violations).toEqual(['issues/list-for-repo: missing or wrong token'])
  })

  it('answers with bodies shaped as GitHub describes them, and paginates with Link', async () => {
    const octokit = repoOf(github).octokit
    for (let index = 0; index < 5; index++) {
      await octokit.rest.issues.create({
        owner: 'acme',
        repo: 'shop',
        title: `t${index}`,
        labels: ['a']
      })
    }
    const first = await send(github, 'GET', '/repos/acme/shop/issues?per_page=2&labels=a')
    expect((first.json as unknown[]).length).toBe(2)
    expect(first.link).toContain('rel="next"')
    expect(first.link).toContain(`${github.url}/repos/acme/shop/issues?`)
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner: 'acme',
      repo: 'shop',
      per_page: 2
    })
    expect(all.map(issue => issue.title)).toEqual(['t4', 't3', 't2', 't1', 't0'])
    expect(github.violations).toEqual([])
  })

  it('checks its own answers against the described response schema', async () => {
    const issue = github.store.addIssue({ title: 't', user: { login: 'x', id: 1, type: 'User' } })
    issue.createdAt = 'yesterday'
    await send(github, 'GET', '/repos/acme/shop/issues/1')
    expect(github.violations).toHaveLength(1)
    expect(github.violations[0]).toContain(
      'stand-in answer to issues/get (200) is not shaped as described'
    )
    expect(github.violations[0]).toContain('created_at')
  })

  it('can refuse one operation, or every write as for a fork', async () => {
    github.forbid('issues/create')
    expect((await send(github, 'POST', '/repos/acme/shop/issues', { title: 't' })).status).toBe(403)
    github.simulateFork()
    expect((await send(github, 'POST', '/repos/acme/shop/labels', { name: 'x' })).status).toBe(403)
    expect((await send(github, 'GET', '/repos/acme/shop/labels')).status).toBe(200)
    expect(github.violations).toEqual([])
  })
})
