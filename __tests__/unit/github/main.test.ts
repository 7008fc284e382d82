// The action's entry, run in-process as the runner would start it (INPUT_*
// variables, event payload, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP),
// with the engine replaced so every branch is quick to reach. The real engine
// against a real control plane is the integration project's action test.
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
import { execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CheckOptions, CheckResult } from '../../../src/engine/check.ts'
import type { ReconcileOptions, ReconcileResult } from '../../../src/reconcile/index.ts'
import type { DriftReport } from '../../../src/types.ts'
import type { GitHubStandIn } from '../../../test/github/stand-in.ts'
import {
  driftedDeployment,
  reportOf,
  resource,
  target,
  typicalReport
} from '../report/sample-reports.ts'
import { captureStdout, standIn, warnings } from './helpers.ts'
import { pullRequestPayload, readOutputs, schedulePayload } from './runner-files.ts'

const checks: CheckOptions[] = []
let nextReport: (options: CheckOptions) => DriftReport = () => typicalReport()
let checkFailure: Error | undefined
const kubeconfigSeen: { path: string; mode: number; text: string }[] = []

jest.unstable_mockModule('../../../src/engine/check.ts', () => ({
  runCheck: async (options: CheckOptions): Promise<Partial<CheckResult>> => {
    checks.push(options)
    const path = options.kubeconfig.path
    if (path) {
      kubeconfigSeen.push({
        path,
        mode: statSync(path).mode & 0o777,
        text: readFileSync(path, 'utf8')
      })
    }
    if (checkFailure) throw checkFailure
    return { report: nextReport(options), requests: 1, detected: [] }
  }
}))
const reconciles: ReconcileOptions[] = []
let nextReconcile: () => ReconcileResult
jest.unstable_mockModule('../../../src/reconcile/index.ts', () => ({
  runReconcile: async (options: ReconcileOptions) => {
    reconciles.push(options)
    return nextReconcile()
  }
}))
const { run } = await import('../../../src/main.ts')

const TOKEN = 'kube-token-5f1c0ffee-secret'
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: c
    cluster: { server: 'https://127.0.0.1:6443' }
users:
  - name: u
    user: { token: ${TOKEN} }
contexts:
  - name: ctx
    context: { cluster: c, user: u }
current-context: ctx
`
const clean = (): DriftReport => reportOf([target([resource({}), resource({ name: 'b' })])])

describe('the action (main.ts)', () => {
  const savedEnv = { ...process.env }
  const summaryFile = join(mkdtempSync(join(tmpdir(), 'kube-drift-summary-')), 'summary.md')
  let github: GitHubStandIn
  let runnerTemp: string
  let outputFile: string
  let workspace: string
  let stdout: ReturnType<typeof captureStdout>

  beforeAll(() => {
    // @actions/core reads the summary path once per process.
    process.env.GITHUB_STEP_SUMMARY = summaryFile
  })
  afterAll(() => {
    process.env = savedEnv
  })

  beforeEach(async () => {
    github = await standIn()
    runnerTemp = mkdtempSync(join(tmpdir(), 'kube-drift-runner-temp-'))
    outputFile = join(runnerTemp, 'output')
    workspace = mkdtempSync(join(tmpdir(), 'kube-drift-workspace-'))
    writeFileSync(outputFile, '')
    writeFileSync(summaryFile, '')
    checks.length = 0
    reconciles.length = 0
    kubeconfigSeen.length = 0
    checkFailure = undefined
    nextReport = () => typicalReport()
    process.exitCode = undefined
    for (const key of Object.keys(process.env)) {
      if (key.startsWith('INPUT_') || key.startsWith('GITHUB_') || key === 'KUBECONFIG') {
        delete process.env[key]
      }
    }
    Object.assign(process.env, {
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: outputFile,
      RUNNER_TEMP: runnerTemp,
      GITHUB_WORKSPACE: workspace,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '99',
      GITHUB_SHA: 'a'.repeat(40),
      INPUT_KUBECONFIG: Buffer.from(KUBECONFIG).toString('base64'),
      INPUT_PATH: 'deploy',
      'INPUT_GITHUB-TOKEN': github.token
    })
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
  const outputs = () => readOutputs(outputFile)
  const summary = () => readFileSync(summaryFile, 'utf8')
  /** Whatever is left in RUNNER_TEMP but the report files (and the event payload). */
  const leftovers = () =>
    readdirSync(runnerTemp).filter(
      name => !['kube-drift-report', 'event.json', 'output'].includes(name)
    )
  const failed = () =>
    stdout
      .text()
      .split('\n')
      .filter(line => line.startsWith('::error::'))

  it('on a pull request: comment, summary, outputs, report files; the kubeconfig is 0600 and removed', async () => {
    const pr = github.addPullRequest()
    event(
      'pull_request',
      pullRequestPayload({ number: pr, baseSha: 'b'.repeat(40), headSha: 'c'.repeat(40) })
    )
    await run()

    // Errors always fail the step, after everything was published.
    expect(failed()).toEqual(['::error::kube-drift: 1 resource(s) could not be compared'])
    expect(process.exitCode).toBe(1)
    expect(kubeconfigSeen).toHaveLength(1)
    expect(kubeconfigSeen[0]?.mode).toBe(0o600)
    expect(kubeconfigSeen[0]?.text.trim()).toBe(KUBECONFIG.trim())
    expect(kubeconfigSeen[0]?.path.startsWith(runnerTemp)).toBe(true)
    expect(existsSync(kubeconfigSeen[0]!.path)).toBe(false)
    expect(leftovers()).toEqual([])

    const out = outputs()
    expect(out).toMatchObject({
      drift: 'true',
      drifted: '1',
      missing: '1',
      extra: '0',
      errors: '1'
    })
    expect(out['comment-url']).toMatch(new RegExp(`/pull/${pr}#issuecomment-\\d+$`))
    expect(out['issue-number']).toBe('')
    expect(out.targets).toBe('["deploy"]')
    expect(JSON.parse(readFileSync(out['report-json']!, 'utf8')).kind).toBe('DriftReport')
    expect(readFileSync(out['report-markdown']!, 'utf8')).toContain('Deployment.apps web/api')
    expect(summary()).toContain('### kube-drift · web')
    expect(github.store.comments).toHaveLength(1)
    // The base is not in the (non-git) workspace: the report says so.
    expect(github.store.comments[0]?.body).toContain(
      'Introduced vs pre-existing drift is not shown: the workspace is not a git checkout'
    )
  })

  it('on a pull request, annotates the manifest lines and logs each verdict; not on schedule', async () => {
    mkdirSync(join(workspace, 'deploy'))
    writeFileSync(join(workspace, 'deploy', 'api.yaml'), 'kind: Deployment\n')
    const pr = github.addPullRequest()
    event(
      'pull_request',
      pullRequestPayload({ number: pr, baseSha: 'b'.repeat(40), headSha: 'c'.repeat(40) })
    )
    await run()
    const annotations = () =>
      stdout
        .text()
        .split('\n')
        .filter(line => /^::warning .*file=/.test(line))
    expect(annotations()).toEqual([
      expect.stringMatching(
        /^::warning title=kube-drift%3A Deployment\.apps web\/api drifted,file=deploy\/api\.yaml,line=14::spec\.replicas: /
      ),
      '::warning title=kube-drift%3A Service web/api missing from the cluster,file=deploy/api.yaml,line=40::not in the cluster: applying would create it'
    ])
    const log = stdout.text()
    expect(log).toContain('::group::kube-drift: web: error in 1 of 12 resources, drift in 2\n')
    expect(log).toContain('in sync: ConfigMap web/settings-8 (deploy/settings.yaml:1)\n')
    expect(log).toContain('error: Secret web/creds (deploy/settings.yaml:1)\n')
    // The annotations come before the step's verdict.
    expect(log.indexOf('file=deploy/api.yaml')).toBeLessThan(log.indexOf('::error::kube-drift'))

    writeFileSync(outputFile, '')
    stdout.restore()
    stdout = captureStdout()
    event('schedule', schedulePayload())
    await run()
    expect(annotations()).toEqual([])
    expect(stdout.text()).toContain('drifted: Deployment.apps web/api (deploy/api.yaml:14)\n')
  })

  it('scrubs the kubeconfig token from everything it writes and sends, whatever the report holds', async () => {
    const pr = github.addPullRequest()
    event(
      'pull_request',
      pullRequestPayload({ number: pr, baseSha: 'b'.repeat(40), headSha: 'c'.repeat(40) })
    )
    const encoded = Buffer.from(`Bearer ${TOKEN}`).toString('base64')
    nextReport = options => {
      options.progress?.(`read a live ConfigMap holding ${TOKEN}`)
      return reportOf([
        target([
          resource({
            status: 'Drifted',
            diff: `--- live (cluster)\n+++ desired (Git)\n@@ -1,2 +1,2 @@\n-token: ${TOKEN}\n-auth: ${encoded}\n+token: x\n+auth: y\n`
          }),
          resource({ name: 'broken', status: 'Error', method: 'none', error: `got ${TOKEN}` })
        ])
      ])
    }
    await run()
    const out = outputs()
    const channels = {
      log: stdout.text().replace(/^::add-mask::.*$/gm, ''),
      summary: summary(),
      outputs: readFileSync(outputFile, 'utf8'),
      json: readFileSync(out['report-json']!, 'utf8'),
      markdown: readFileSync(out['report-markdown']!, 'utf8'),
      github: JSON.stringify(github.requests)
    }
    expect(github.store.comments).toHaveLength(1)
    expect(github.store.comments[0]!.body).toContain('token: ***')
    expect(channels.log).toContain('read a live ConfigMap holding ***')
    for (const [channel, text] of Object.entries(channels)) {
      expect([channel, text.includes(TOKEN) || text.includes(encoded.slice(12, 40))]).toEqual([
        channel,
        false
      ])
    }
  })

  it('through a lost answer and a secondary rate limit, creates one comment and one issue', async () => {
    const pr = github.addPullRequest()
    github.inject('issues/list-comments', {
      kind: 'secondary-rate-limit',
      status: 429,
      retryAfter: 1
    })
    github.inject('issues/create-comment', { kind: 'answer-lost' })
    event(
      'pull_request',
      pullRequestPayload({ number: pr, baseSha: 'b'.repeat(40), headSha: 'c'.repeat(40) })
    )
    await run()
    expect(github.store.comments).toHaveLength(1)
    expect(outputs()['comment-url']).toMatch(
      new RegExp(`#issuecomment-${github.store.comments[0]!.id}$`)
    )

    github.inject('issues/create', { kind: 'reset-after-work' })
    event('schedule', schedulePayload())
    await run()
    const issues = github.store.issues.filter(issue => !issue.isPullRequest)
    expect(issues).toHaveLength(1)
    expect(outputs()['issue-number']).toBe(String(issues[0]!.number))
    expect(warnings(stdout.text())).toEqual([])
  })

  it('masks the kubeconfig, whole and each credential, before anything else is printed', async () => {
    event('push', {})
    nextReport = clean
    await run()
    const text = stdout.text()
    expect(text).toContain(`::add-mask::${TOKEN}`)
    expect(text).toContain(`::add-mask::${process.env.INPUT_KUBECONFIG}`)
    expect(text).toContain(`::add-mask::${github.token}`)
    const firstMask = text.indexOf('::add-mask::')
    expect(text.slice(0, firstMask)).toBe('')
    expect(text.replace(/::add-mask::.*\n/g, '')).not.toContain(TOKEN)
  })

  it('removes the kubeconfig when the check fails, and fails the step with the reason', async () => {
    event('push', {})
    checkFailure = new Error('connect ECONNREFUSED 127.0.0.1:6443')
    await run()

    expect(process.exitCode).toBe(1)
    expect(failed()).toEqual(['::error::kube-drift: connect ECONNREFUSED 127.0.0.1:6443'])
    expect(kubeconfigSeen).toHaveLength(1)
    expect(existsSync(kubeconfigSeen[0]!.path)).toBe(false)
    expect(leftovers()).toEqual([])
  })

  it('passes drift with a warning, fails it with fail-on-drift', async () => {
    event('push', {})
    nextReport = () => reportOf([target([driftedDeployment])])
    await run()
    expect(process.exitCode).toBeUndefined()
    expect(warnings(stdout.text())).toEqual(['kube-drift: drift in 1 resource(s)'])

    process.env['INPUT_FAIL-ON-DRIFT'] = 'true'
    await run()
    expect(process.exitCode).toBe(1)
    expect(failed()).toEqual(['::error::kube-drift: drift in 1 resource(s)'])
  })

  it('on schedule, keeps the drift issue and outputs its number', async () => {
    event('schedule', schedulePayload())
    nextReport = () => reportOf([target([driftedDeployment])])
    await run()
    const number = github.store.issues[0]?.number
    expect(outputs()['issue-number']).toBe(String(number))
    expect(github.store.issues[0]?.body).toContain(
      '_This report last changed in [this run](https://github.com/acme/shop/actions/runs/99)._'
    )
  })

  it('on a fork, warns and keeps the report in the job summary', async () => {
    const pr = github.addPullRequest()
    github.simulateFork()
    event(
      'pull_request',
      pullRequestPayload({
        number: pr,
        baseSha: 'b'.repeat(40),
        headSha: 'c'.repeat(40),
        headRepo: 'someone/shop'
      })
    )
    nextReport = () => reportOf([target([driftedDeployment])])
    await run()

    expect(process.exitCode).toBeUndefined()
    const found = warnings(stdout.text())
    expect(found.some(w => w.includes('pull-requests: write') && w.includes('fork'))).toBe(true)
    expect(summary()).toContain('Deployment.apps web/api')
    expect(outputs()['comment-url']).toBe('')
  })

  it('marks introduced and pre-existing drift when the base commit is in the checkout', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
        cwd: workspace,
        encoding: 'utf8'
      }).trim()
    git('init', '-q')
    writeFileSync(join(workspace, 'a.yaml'), 'base\n')
    git('add', '.')
    git('commit', '-q', '-m', 'base')
    const baseSha = git('rev-parse', 'HEAD')
    writeFileSync(join(workspace, 'a.yaml'), 'head\n')
    git('commit', '-q', '-am', 'head')
    const image = {
      path: '/spec/template/spec/containers/0/image',
      reason: 'changed' as const,
      desired: 'web:2',
      live: 'web:1'
    }
    nextReport = options =>
      reportOf([
        target([
          options.cwd === workspace
            ? resource({ ...driftedDeployment, changes: [driftedDeployment.changes[0]!, image] })
            : resource({ ...driftedDeployment, changes: [driftedDeployment.changes[0]!] })
        ])
      ])
    const pr = github.addPullRequest()
    event(
      'pull_request',
      pullRequestPayload({ number: pr, baseSha, headSha: git('rev-parse', 'HEAD') })
    )
    await run()

    expect(checks.map(check => check.cwd === workspace)).toEqual([true, false])
    expect(checks[1]?.cwd.startsWith(runnerTemp)).toBe(true)
    const body = github.store.comments[0]?.body ?? ''
    expect(body).toContain('⚠️ `Deployment.apps web/api` **🆕 this PR + before**')
    expect(body).toContain('**This pull request** 🆕 brings drift to 1 resource')
    const json = JSON.parse(readFileSync(outputs()['report-json']!, 'utf8')) as DriftReport
    expect(json.targets[0]?.resources[0]?.origin).toBe('mixed')
    expect(json.targets[0]?.resources[0]?.changes.map(c => c.origin)).toEqual([
      'pre-existing',
      'introduced'
    ])
    expect(git('worktree', 'list').split('\n')).toHaveLength(1)
    expect(leftovers()).toEqual([])

    // fail-on-drift: introduced fails on the image the PR changes...
    process.env['INPUT_FAIL-ON-DRIFT'] = 'introduced'
    await run()
    expect(failed()).toEqual([
      '::error::kube-drift: drift in 1 resource(s) brought by this pull request'
    ])
    // ... and lets drift through that was there before the PR.
    const seen = stdout.text().length
    process.exitCode = undefined
    nextReport = () =>
      reportOf([
        target([resource({ ...driftedDeployment, changes: [driftedDeployment.changes[0]!] })])
      ])
    await run()
    const after = stdout.text().slice(seen)
    expect(process.exitCode).toBeUndefined()
    expect(after).not.toContain('::error::')
    expect(warnings(after)).toContain('kube-drift: drift in 1 resource(s)')
  })

  it('mode list outputs the targets without a cluster', async () => {
    delete process.env.INPUT_KUBECONFIG
    process.env.INPUT_MODE = 'list'
    process.env.INPUT_PATH = 'a\nb'
    event('push', {})
    await run()
    expect(failed()).toEqual([])
    expect(checks).toEqual([])
    expect(JSON.parse(outputs().targets!)).toEqual(['a, b'])
  })

  it('names a bad input', async () => {
    process.env.INPUT_COMMENT = 'sometimes'
    event('push', {})
    await run()
    expect(failed()).toEqual([
      '::error::kube-drift: input "comment" must be one of auto, always, on-drift, never (got "sometimes")'
    ])
    expect(checks).toEqual([])
  })

  it('mode reconcile passes the safety inputs on and publishes the state after it', async () => {
    event('schedule', schedulePayload())
    nextReport = () => reportOf([target([driftedDeployment])])
    await run()
    expect(github.store.issues[0]?.state).toBe('open')

    Object.assign(process.env, {
      INPUT_MODE: 'reconcile',
      INPUT_PRUNE: 'true',
      'INPUT_DRY-RUN': 'false',
      'INPUT_FORCE-CONFLICTS': 'true',
      'INPUT_ALLOW-ON-PULL-REQUEST': 'false',
      INPUT_SELECTOR: 'app=web'
    })
    nextReconcile = () => ({
      dryRun: false,
      before: reportOf([target([driftedDeployment])]),
      after: clean(),
      actions: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'web',
          name: 'api',
          action: 'update',
          removedFields: [],
          outcome: 'applied'
        }
      ],
      skipped: [],
      failed: 0
    })
    writeFileSync(summaryFile, '')
    await run()

    expect(reconciles[0]).toMatchObject({
      event: 'schedule',
      prune: true,
      dryRun: false,
      forceConflicts: true,
      allowOnPullRequest: false
    })
    expect(summary()).toContain('kube-drift reconcile')
    expect(outputs().drift).toBe('false')
    expect(github.store.issues[0]?.state).toBe('closed')
    expect(kubeconfigSeen).toHaveLength(1)
  })
})
