// mode: adopt through the action's entry, run in-process as the runner starts
// it, with the adopt engine replaced by synthetic outcomes (the real engine
// against a real control plane is the integration project's
// action-adopt-e2e.test.ts) and GitHub by the stand-in.
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AdoptOptions, AdoptOutcome } from '../../../src/adopt/types.ts'
import type { GitHubStandIn } from '../../../test/github/stand-in.ts'
import { captureStdout, standIn } from './helpers.ts'
import { pullRequestPayload, readOutputs, schedulePayload } from './runner-files.ts'

const calls: { options: AdoptOptions; kubeconfigMode?: number }[] = []
let nextOutcomes: () => AdoptOutcome[] = () => []
jest.unstable_mockModule('../../../src/adopt/index.ts', () => ({
  runAdopt: async (options: AdoptOptions): Promise<AdoptOutcome[]> => {
    const path = options.kubeconfig.path
    calls.push({ options, kubeconfigMode: path ? statSync(path).mode & 0o777 : undefined })
    return nextOutcomes()
  }
}))
const { run } = await import('../../../src/main.ts')
const { publicationOf } = await import('../../../src/github/adopt-outcome.ts')

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://127.0.0.1:6443' } }]
users: [{ name: u, user: { token: kube-token-adopt-0123456789 } }]
contexts: [{ name: ctx, context: { cluster: c, user: u } }]
current-context: ctx
`
const BEFORE = 'kind: Deployment\nspec:\n  replicas: 2\n'

function outcome(target: string, replicas: number | undefined): AdoptOutcome {
  const adopting = replicas !== undefined
  return {
    target,
    renderer: 'plain',
    dryRun: false,
    written: false,
    files: adopting
      ? [{ path: 'deploy/app.yaml', before: BEFORE, after: BEFORE.replace('2', String(replicas)) }]
      : [],
    adopted: adopting
      ? [
          {
            resource: 'Deployment.apps shop/web',
            path: '/spec/replicas',
            reason: 'changed',
            action: 'set',
            value: replicas,
            file: 'deploy/app.yaml'
          }
        ]
      : [],
    extras: [],
    skipped: [],
    failed: [],
    suggestions: [],
    errors: [],
    recheck: null
  } as AdoptOutcome
}

describe('mode: adopt (main.ts)', () => {
  const savedEnv = { ...process.env }
  const summaryFile = join(mkdtempSync(join(tmpdir(), 'kube-drift-summary-')), 'summary.md')
  let github: GitHubStandIn
  let runnerTemp: string
  let outputFile: string
  let stdout: ReturnType<typeof captureStdout>
  let base: string

  beforeAll(() => {
    process.env.GITHUB_STEP_SUMMARY = summaryFile
  })
  afterAll(() => {
    process.env = savedEnv
  })
  beforeEach(async () => {
    github = await standIn()
    base = github.store.seedCommit({ 'deploy/app.yaml': BEFORE })
    runnerTemp = mkdtempSync(join(tmpdir(), 'kube-drift-runner-temp-'))
    outputFile = join(runnerTemp, 'output')
    writeFileSync(outputFile, '')
    writeFileSync(summaryFile, '')
    calls.length = 0
    nextOutcomes = () => [outcome('deploy', 5)]
    process.exitCode = undefined
    for (const key of Object.keys(process.env)) {
      if (key.startsWith('INPUT_') || key.startsWith('GITHUB_')) delete process.env[key]
    }
    Object.assign(process.env, {
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: outputFile,
      RUNNER_TEMP: runnerTemp,
      GITHUB_WORKSPACE: mkdtempSync(join(tmpdir(), 'kube-drift-workspace-')),
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '99',
      GITHUB_SHA: base,
      GITHUB_REF: 'refs/heads/main',
      INPUT_KUBECONFIG: Buffer.from(KUBECONFIG).toString('base64'),
      INPUT_PATH: 'deploy',
      INPUT_MODE: 'adopt',
      'INPUT_GITHUB-TOKEN': github.token
    })
    event('schedule', schedulePayload())
    stdout = captureStdout()
  })
  afterEach(async () => {
    stdout.restore()
    process.exitCode = undefined
    expect(github.violations).toEqual([])
    await github.close()
  })

  function event(name: string, payload: Record<string, unknown>): void {
    const file = join(runnerTemp, 'event.json')
    writeFileSync(file, JSON.stringify(payload))
    process.env.GITHUB_EVENT_NAME = name
    process.env.GITHUB_EVENT_PATH = file
  }
  const errors = () =>
    stdout
      .text()
      .split('\n')
      .filter(line => line.startsWith('::error::'))

  it('on a schedule: computes without writing the workspace, then one pull request', async () => {
    await run()

    expect(calls).toHaveLength(1)
    expect(calls[0]?.options).toMatchObject({ write: false, dryRun: false })
    expect(calls[0]?.kubeconfigMode).toBe(0o600)
    const pulls = github.store.pulls()
    expect(pulls).toHaveLength(1)
    expect(github.filesAt('kube-drift/adopt/deploy')['deploy/app.yaml']).toContain('replicas: 5')
    const outputs = readOutputs(outputFile)
    expect(outputs['pull-request-number']).toBe(String(pulls[0]?.number))
    expect(outputs['pull-request-url']).toBe(
      `https://github.com/acme/shop/pull/${pulls[0]?.number}`
    )
    expect(outputs.drift).toBe('true')
    expect(readFileSync(outputs['report-markdown']!, 'utf8')).toContain('deploy/app.yaml')
    expect(outputs['report-markdown']?.startsWith(runnerTemp)).toBe(true)
    expect(outputs.errors).toBe('0')
    const summary = readFileSync(summaryFile, 'utf8')
    expect(summary).toContain('deploy/app.yaml')
    expect(summary).toContain(
      `\`deploy\`: pull request [#1](https://github.com/acme/shop/pull/1) opened`
    )
    // The verdict is the adoption's (report/verdict.ts), naming the pull request.
    expect(errors()).toEqual([])
    expect(stdout.text()).toContain(
      'kube-drift: 1 field(s) in 1 file(s) to adopt: proposed in #1\n'
    )
  })

  it('fails on a resource it could not compare, and keeps the open pull request', async () => {
    await run()
    const withError = outcome('deploy', undefined)
    withError.errors.push({ resource: 'Deployment.apps shop/web', path: '', why: 'forbidden' })
    nextOutcomes = () => [withError]
    await run()

    expect(errors()).toEqual(['::error::kube-drift: 1 resource(s) could not be compared'])
    expect(github.store.pulls().map(pull => pull.state)).toEqual(['open'])
    expect(github.store.comments).toEqual([])
  })

  for (const name of ['pull_request', 'pull_request_target']) {
    it(`is refused on ${name}, before the cluster or GitHub`, async () => {
      event(
        name,
        pullRequestPayload({ number: 7, baseSha: 'b'.repeat(40), headSha: 'c'.repeat(40) })
      )
      await run()

      expect(errors()).toEqual([
        `::error::kube-drift: mode: adopt does not run on ${name} events: run it on schedule, workflow_dispatch or push`
      ])
      expect(process.exitCode).toBe(1)
      expect(calls).toEqual([])
      expect(github.requests).toEqual([])
    })
  }

  it('fails naming contents: write when the token may not write, with the report in the summary', async () => {
    github.forbid('git/create-blob')
    await run()

    expect(errors()).toEqual([
      '::error::kube-drift: deploy: could not store deploy/app.yaml (HTTP 403): the token lacks `contents: write`. Grant it in the workflow (`permissions:` with `contents: write` and `pull-requests: write` for mode: adopt).'
    ])
    expect(process.exitCode).toBe(1)
    expect(readFileSync(summaryFile, 'utf8')).toContain('deploy/app.yaml')
    expect(github.store.pulls()).toEqual([])
  })

  it('needs a token before it reads the cluster, unless it is a dry run', async () => {
    process.env['INPUT_GITHUB-TOKEN'] = ''
    delete process.env.GITHUB_TOKEN
    await run()
    expect(errors()).toEqual([
      '::error::kube-drift: mode: adopt needs a github-token (the default is the workflow token)'
    ])
    expect(calls).toEqual([])
  })

  it('with dry-run: the summary only, nothing on GitHub', async () => {
    process.env['INPUT_DRY-RUN'] = 'true'
    await run()

    expect(calls[0]?.options.dryRun).toBe(true)
    expect(github.requests).toEqual([])
    expect(readFileSync(summaryFile, 'utf8')).toContain('deploy/app.yaml')
  })
})

describe('what a target gives its pull request', () => {
  it('the files after the edit, with their text before', () => {
    const publication = publicationOf(outcome('web', 5), 'report')
    expect(publication.files).toEqual([
      { path: 'deploy/app.yaml', content: BEFORE.replace('2', '5'), before: BEFORE }
    ])
    expect(publication.resources).toEqual(['Deployment.apps shop/web'])
  })

  it('with no files: in sync, nothing writable left, or errors that keep the pull request', () => {
    const clean = outcome('web', undefined)
    expect(publicationOf(clean, '').whenEmpty).toBe('in-sync')
    const secretOnly = outcome('web', undefined)
    secretOnly.skipped.push({ resource: 'Secret shop/db', path: '/data/password', why: 'secret' })
    expect(publicationOf(secretOnly, '').whenEmpty).toBe('not-writable')
    const broken = outcome('web', undefined)
    broken.errors.push({ resource: 'Deployment.apps shop/web', path: '', why: 'forbidden' })
    broken.skipped.push({ resource: 'Secret shop/db', path: '/data/password', why: 'secret' })
    expect(publicationOf(broken, '').whenEmpty).toBe('keep')
  })
})
