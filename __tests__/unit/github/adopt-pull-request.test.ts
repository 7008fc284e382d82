// mode: adopt on GitHub, against the stand-in (every request checked against
// GitHub's OpenAPI description): one branch, one commit of the changed files on
// the commit that was read, one pull request per target, updated (not
// duplicated) by later runs, closed when nothing is left to adopt; refusals
// name the permission; never from a pull-request event.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { adoptBranch } from '../../../src/github/adopt-branch.ts'
import {
  AdoptPublishError,
  adoptTitle,
  publishAdoptions,
  type AdoptPublication
} from '../../../src/github/adopt-publish.ts'
import { adoptMarker, adoptTargetOf } from '../../../src/github/markers.ts'
import type { RunContext } from '../../../src/github/run-context.ts'
import { secrets } from '../../../src/util/secret-scrubber.ts'
import type { GitHubStandIn } from '../../../test/github/stand-in.ts'
import { scheduleRun, standIn } from './helpers.ts'

const MANIFEST = 'kind: Deployment\nspec:\n  replicas: 2 # scaled for the sale\n'
const OTHER = 'kind: ConfigMap\ndata:\n  mode: base\n'

function publication(target: string, replicas: number, report = 'report'): AdoptPublication {
  return {
    target,
    files: [
      {
        path: `deploy/${target}.yaml`,
        content: `kind: Deployment\nspec:\n  replicas: ${replicas} # scaled for the sale\n`,
        before: MANIFEST
      }
    ],
    resources: [`Deployment shop/${target}`],
    report: `### kube-drift: adopt ${target}\n\n${report} (replicas ${replicas})\n`,
    whenEmpty: 'in-sync'
  }
}

const nothing = (
  target: string,
  whenEmpty: AdoptPublication['whenEmpty'] = 'in-sync'
): AdoptPublication => ({
  target,
  files: [],
  resources: [],
  report: 'nothing to adopt',
  whenEmpty
})

describe('the adopt pull request', () => {
  let github: GitHubStandIn
  let base: string
  let run: RunContext

  beforeEach(async () => {
    github = await standIn()
    base = github.store.seedCommit({
      'deploy/web.yaml': MANIFEST,
      'deploy/api.yaml': MANIFEST,
      'deploy/other.yaml': OTHER
    })
    run = { ...scheduleRun(github), sha: base, ref: 'refs/heads/main' }
  })
  afterEach(async () => {
    expect(github.violations).toEqual([])
    await github.close()
  })

  const publish = (publications: AdoptPublication[], context: RunContext = run) =>
    publishAdoptions(publications, context, {
      token: github.token,
      client: { spaceWrites: false }
    })
  const pulls = () => github.store.pulls()
  const head = (branch: string) => github.store.git.refs.get(`refs/heads/${branch}`)
  const commitOf = (sha: string | undefined) => github.store.git.commits.get(sha ?? '')
  const calls = (operationId: string) => github.requests.filter(r => r.operationId === operationId)

  it('commits the changed files on the commit that was read and opens one pull request', async () => {
    const [result] = await publish([publication('web', 5)])

    const branch = 'kube-drift/adopt/web'
    expect(result).toMatchObject({ action: 'created', branch, number: 1 })
    const commit = commitOf(head(branch))
    expect(commit?.parents).toEqual([base])
    expect(commit?.message).toContain('Deployment shop/web')
    // The changed file has the live value; the rest of the tree is the base's.
    expect(github.filesAt(branch)).toEqual({
      'deploy/web.yaml': 'kind: Deployment\nspec:\n  replicas: 5 # scaled for the sale\n',
      'deploy/api.yaml': MANIFEST,
      'deploy/other.yaml': OTHER
    })
    expect(github.filesAt('main')['deploy/web.yaml']).toBe(MANIFEST)
    // Sent as UTF-8 text, not base64 (the secret scrubber could corrupt base64).
    expect(calls('git/create-blob').map(r => r.body)).toEqual([
      {
        content: 'kind: Deployment\nspec:\n  replicas: 5 # scaled for the sale\n',
        encoding: 'utf-8'
      }
    ])
    const [pull] = pulls()
    expect(pull?.pull).toEqual({ head: branch, base: 'main', merged: false })
    expect(pull?.title).toBe(adoptTitle('web'))
    expect(pull?.body?.startsWith(`${adoptMarker('web')}\n\n### kube-drift: adopt web`)).toBe(true)
    expect(adoptTargetOf(pull?.body)).toBe('web')
    expect(result?.url).toBe('https://github.com/acme/shop/pull/1')
  })

  it('replaces the commit and updates the same pull request on a later run', async () => {
    await publish([publication('web', 5)])
    const first = head('kube-drift/adopt/web')
    const [again] = await publish([publication('web', 7, 'later')])

    expect(again).toMatchObject({ action: 'updated', number: 1 })
    expect(pulls()).toHaveLength(1)
    const second = head('kube-drift/adopt/web')
    expect(second).not.toBe(first)
    // One commit on the base, not a second one on top of the first.
    expect(commitOf(second)?.parents).toEqual([base])
    expect(github.store.git.isAncestor(first ?? '', second ?? '')).toBe(false)
    expect(github.filesAt('kube-drift/adopt/web')['deploy/web.yaml']).toContain('replicas: 7')
    expect(calls('git/update-ref').map(r => (r.body as { force: boolean }).force)).toEqual([true])
    expect(pulls()[0]?.body).toContain('later (replicas 7)')
  })

  it('leaves the branch and the pull request alone when the adoption is the same', async () => {
    await publish([publication('web', 5)])
    const first = head('kube-drift/adopt/web')
    const [again] = await publish([publication('web', 5)])

    expect(again).toMatchObject({ action: 'unchanged', number: 1, commit: first })
    expect(head('kube-drift/adopt/web')).toBe(first)
    expect(calls('git/create-commit')).toHaveLength(1)
    expect(calls('git/update-ref')).toEqual([])
    expect(calls('pulls/update')).toEqual([])
  })

  it('opens one pull request per target', async () => {
    const results = await publish([publication('web', 5), publication('api', 3)])

    expect(results.map(r => [r.action, r.branch])).toEqual([
      ['created', 'kube-drift/adopt/web'],
      ['created', 'kube-drift/adopt/api']
    ])
    expect(pulls().map(p => p.pull.head)).toEqual(['kube-drift/adopt/web', 'kube-drift/adopt/api'])
    expect(github.filesAt('kube-drift/adopt/api')['deploy/web.yaml']).toBe(MANIFEST)
    expect(github.filesAt('kube-drift/adopt/api')['deploy/api.yaml']).toContain('replicas: 3')
    // A second run finds each by its own marker.
    await publish([publication('web', 6), publication('api', 4)])
    expect(pulls()).toHaveLength(2)
  })

  it('creates no branch and no pull request when there is nothing to adopt', async () => {
    const [result] = await publish([nothing('web')])

    expect(result).toMatchObject({ action: 'none' })
    expect(head('kube-drift/adopt/web')).toBeUndefined()
    expect(pulls()).toEqual([])
    expect(github.requests.filter(r => r.method !== 'GET')).toEqual([])
  })

  it('closes its pull request with a comment when the cluster matches Git again', async () => {
    await publish([publication('web', 5)])
    const [result] = await publish([nothing('web')])

    expect(result).toMatchObject({ action: 'closed', number: 1 })
    expect(pulls()[0]?.state).toBe('closed')
    const comments = github.store.comments.filter(c => c.issueNumber === 1)
    expect(comments.map(c => c.body)).toEqual([
      '✅ The cluster matches Git now: nothing is left to adopt for `web` ([run](https://github.com/acme/shop/actions/runs/4242)). Closing.'
    ])
    // Closed once: a later clean run finds nothing open.
    expect((await publish([nothing('web')]))[0]?.action).toBe('none')
    expect(pulls()[0]?.body).toContain('<!-- kube-drift-state:resolved -->')
    // The same drift again: a new pull request (closing it was ours, not a decline).
    expect((await publish([publication('web', 5)]))[0]).toMatchObject({
      action: 'created',
      number: 2
    })
  })

  it('does not replace a commit somebody else pushed to its branch', async () => {
    github.store.seedCommit({ 'x.yaml': 'x' }, { branch: 'kube-drift/adopt/web' })
    await expect(publish([publication('web', 5)])).rejects.toThrow(
      /the branch kube-drift\/adopt\/web has a commit kube-drift did not make .* Merge or close its pull request/
    )
    expect(github.filesAt('kube-drift/adopt/web')).toEqual({ 'x.yaml': 'x' })
    expect(pulls()).toEqual([])
  })

  it('still publishes the other targets when one fails, then fails naming it', async () => {
    github.store.seedCommit({ 'x.yaml': 'x' }, { branch: 'kube-drift/adopt/web' })
    const failure = await publish([publication('web', 5), publication('api', 3)]).then(
      () => undefined,
      (error: unknown) => error
    )
    if (!(failure instanceof AdoptPublishError)) throw new Error(`not refused: ${String(failure)}`)
    expect(failure).toBeInstanceOf(AdoptPublishError)
    expect(failure.message).toMatch(/^web: the branch kube-drift\/adopt\/web has a commit/)
    expect(failure.results.map(r => [r.target, r.action])).toEqual([['api', 'created']])
    expect(pulls().map(p => p.pull.head)).toEqual(['kube-drift/adopt/api'])
  })

  it('does not propose again an adoption somebody declined by closing its pull request', async () => {
    await publish([publication('web', 5)])
    const first = head('kube-drift/adopt/web')
    pulls()[0]!.state = 'closed'

    const [again] = await publish([publication('web', 5)])
    expect(again).toMatchObject({ action: 'declined', number: 1 })
    expect(pulls()).toHaveLength(1)
    expect(head('kube-drift/adopt/web')).toBe(first)
    // The first run's writes (blob, tree, commit, branch, pull request); none since.
    expect(github.requests.filter(r => r.method !== 'GET')).toHaveLength(5)
    // A different adoption is proposed.
    expect((await publish([publication('web', 6)]))[0]).toMatchObject({
      action: 'created',
      number: 2
    })
  })

  it('keeps its pull request when the check had errors, and says why when the rest is not for Git', async () => {
    await publish([publication('web', 5)])
    expect((await publish([nothing('web', 'keep')]))[0]).toMatchObject({
      action: 'kept',
      number: 1
    })
    expect(pulls()[0]?.state).toBe('open')
    expect(github.store.comments).toEqual([])

    expect((await publish([nothing('web', 'not-writable')]))[0]?.action).toBe('closed')
    expect(pulls()[0]?.state).toBe('closed')
    expect(github.store.comments[0]?.body).toMatch(
      /^Nothing kube-drift can write into Git is left for `web`.*Closing\.$/
    )
  })

  it('replaces its commit after GitHub\'s "Update branch" merged the base into it', async () => {
    await publish([publication('web', 5)])
    const ours = head('kube-drift/adopt/web') ?? ''
    const { git } = github.store
    const newer = github.store.seedCommit({ ...github.filesAt('main'), 'NEWS.md': 'news\n' })
    const merge = git.addCommit({
      tree: git.commits.get(ours)?.tree ?? '',
      parents: [ours, newer],
      message: "Merge branch 'main' into kube-drift/adopt/web",
      date: github.store.now()
    })
    git.refs.set('refs/heads/kube-drift/adopt/web', merge.sha)

    const [result] = await publish([publication('web', 6)], { ...run, sha: newer })
    expect(result).toMatchObject({ action: 'updated', number: 1 })
    expect(commitOf(head('kube-drift/adopt/web'))?.parents).toEqual([newer])
    expect(github.filesAt('kube-drift/adopt/web')['NEWS.md']).toBe('news\n')
  })

  it('leaves pull requests that only quote its marker alone', async () => {
    github.store.seedCommit({ 'x.yaml': 'x' }, { branch: 'feature' })
    github.store.addIssue({
      title: 'a person opened it',
      body: `Like this:\n${adoptMarker('web')}`,
      user: { login: 'octocat', id: 1, type: 'User' },
      pull: { head: 'feature', base: 'main', merged: false }
    })
    await publish([publication('web', 5)])
    expect(pulls().map(p => [p.title, p.state])).toEqual([
      ['a person opened it', 'open'],
      [adoptTitle('web'), 'open']
    ])
    await publish([nothing('web')])
    expect(pulls().map(p => p.state)).toEqual(['open', 'closed'])
  })

  it('does not open a second pull request when the answer to the first was lost', async () => {
    github.inject('pulls/create', { kind: 'answer-lost' })
    const [result] = await publish([publication('web', 5)])

    expect(result).toMatchObject({ action: 'created', number: 1 })
    expect(pulls()).toHaveLength(1)
  })

  it('asks to merge into the branch the run is for, else the default branch', async () => {
    github.store.seedCommit({ 'deploy/web.yaml': MANIFEST }, { branch: 'staging' })
    await publish([publication('web', 5)], { ...run, ref: 'refs/heads/staging' })
    expect(pulls()[0]?.pull.base).toBe('staging')
    expect(calls('repos/get')).toEqual([])

    github.store.defaultBranch = 'main'
    await publish([publication('api', 5)], { ...run, ref: 'refs/tags/v1.2.0' })
    expect(pulls()[1]?.pull.base).toBe('main')
    expect(calls('repos/get')).toHaveLength(1)
  })

  it('names contents: write when the token may not write the branch', async () => {
    github.forbid('git/create-blob')
    await expect(publish([publication('web', 5)])).rejects.toThrow(
      'could not store deploy/web.yaml (HTTP 403): the token lacks `contents: write`.'
    )
    expect(pulls()).toEqual([])
  })

  it('names pull-requests: write when the token may not open the pull request', async () => {
    github.forbid('pulls/create')
    // A missing permission refuses every target alike: the first failure stops the run.
    await expect(publish([publication('web', 5), publication('api', 3)])).rejects.toThrow(
      'could not open the pull request of web (HTTP 403): the token lacks `pull-requests: write`.'
    )
    expect(calls('pulls/create')).toHaveLength(1)
  })

  it('refuses files that are not as in the commit it goes on', async () => {
    const edited = publication('web', 5)
    edited.files[0]!.before = 'kind: Deployment # edited by an earlier step\n'
    await expect(publish([edited])).rejects.toThrow(
      `deploy/web.yaml in the workspace is not as in GITHUB_SHA ${base.slice(0, 7)}, the commit the adoption goes on`
    )
    // A "new" file that the commit has already.
    const fresh = publication('web', 5)
    fresh.files[0]!.before = null
    await expect(publish([fresh])).rejects.toThrow('deploy/web.yaml in the workspace is not as in')
    expect(github.requests.filter(r => r.method !== 'GET')).toEqual([])
    // A new file where the commit has none is fine.
    const added = {
      ...publication('web', 5),
      files: [{ path: 'deploy/new.yaml', content: 'n: 1\n', before: null }]
    }
    expect((await publish([added]))[0]?.action).toBe('created')
    expect(github.filesAt('kube-drift/adopt/web')['deploy/new.yaml']).toBe('n: 1\n')
  })

  it('commits only plain paths inside the repository', async () => {
    for (const path of ['../outside.yaml', '/etc/passwd', '.git/config', 'deploy/./x.yaml']) {
      const bad = { ...publication('web', 5), files: [{ path, content: 'x', before: null }] }
      await expect(publish([bad])).rejects.toThrow(
        `refusing to commit "${path}": not a plain path inside the repository`
      )
    }
    expect(calls('git/create-blob')).toEqual([])
  })

  it('names the repository setting when GitHub Actions may not open pull requests', async () => {
    github.store.actionsMayOpenPullRequests = false
    await expect(publish([publication('web', 5)])).rejects.toThrow(
      'could not open the pull request of web (HTTP 403): the repository does not let GitHub Actions create pull requests. Turn on "Allow GitHub Actions to create and approve pull requests"'
    )
  })

  it('opens one pull request when two runs adopt at once', async () => {
    // Both list before either creates: both create the branch and the pull request.
    github.gate('pulls/list', 2)
    const results = await Promise.all([
      publish([publication('web', 5)]),
      publish([publication('web', 5)])
    ])

    expect(pulls()).toHaveLength(1)
    expect(results.map(([result]) => result?.number)).toEqual([1, 1])
    expect(commitOf(head('kube-drift/adopt/web'))?.parents).toEqual([base])
    expect(
      calls('pulls/create')
        .map(r => r.status)
        .sort()
    ).toEqual([201, 422])
  })

  it('refuses a file holding a credential of the run instead of committing it masked', async () => {
    const ca = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lH'
    // Registered as the kubeconfig's CA is at startup (this test file's own registry).
    secrets.register(ca)
    const webhook = {
      ...publication('web', 5),
      files: [{ path: 'deploy/webhook.yaml', content: `caBundle: ${ca}\n`, before: null }]
    }
    await expect(publish([webhook])).rejects.toThrow(
      'refusing to commit deploy/webhook.yaml: it contains a credential of this run'
    )
    expect(calls('git/create-blob')).toEqual([])
  })

  it('refuses a pull-request event before any request', async () => {
    for (const eventName of ['pull_request', 'pull_request_target']) {
      await expect(publish([publication('web', 5)], { ...run, eventName })).rejects.toThrow(
        `mode: adopt does not run on ${eventName} events`
      )
    }
    expect(github.requests).toEqual([])
  })
})

describe('the adopt branch', () => {
  it('is the target name when git allows it, else a slug with a hash of the name', () => {
    expect(adoptBranch('web')).toBe('kube-drift/adopt/web')
    expect(adoptBranch('prod.eu-1')).toBe('kube-drift/adopt/prod.eu-1')
    const spaced = adoptBranch('Web App')
    expect(spaced).toMatch(/^kube-drift\/adopt\/web-app-[0-9a-f]{8}$/)
    // Two names with one slug get two branches.
    expect(adoptBranch('web app')).not.toBe(spaced)
    for (const name of ['..', '~^:?*[', 'a.lock', '@{x}', '/x/', '-x', '.hidden', 'é']) {
      expect(adoptBranch(name)).toMatch(/^kube-drift\/adopt\/[a-z0-9][a-z0-9._-]*-[0-9a-f]{8}$/)
    }
  })
})
