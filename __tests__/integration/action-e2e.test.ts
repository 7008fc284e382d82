// End to end: the BUNDLED action (dist/index.js, run `npm run build` first),
// started as the runner starts it (INPUT_* variables, GITHUB_EVENT_PATH with a
// real-shaped payload, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP),
// against the real local control plane and the GitHub stand-in. A pull
// request gets its comment (introduced vs pre-existing drift from the base
// commit) and annotations on the manifest lines, the log lists each verdict, a
// schedule keeps the drift issue and closes it with when and how long, and no
// kubeconfig is left behind.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startGitHubStandIn, type GitHubStandIn } from '../../test/github/stand-in.ts'
import { checkGfm } from '../unit/github/gfm.ts'
import { pullRequestPayload, readOutputs, schedulePayload } from '../unit/github/runner-files.ts'
import { createNamespace, deleteNamespace, testKubeconfigPath } from './cluster-env.ts'
import { kubectl } from './harness.ts'

const ACTION = resolve('dist/index.js')
const TIMEOUT_MS = 180_000

interface StepResult {
  code: number | null
  stdout: string
  outputs: Record<string, string>
  summary: string
  runnerTemp: string
}

function manifests(namespace: string, mode: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${namespace}
  labels: { app.kubernetes.io/part-of: e2e }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: registry.example/web:1.0.0
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: ${namespace}
  labels: { app.kubernetes.io/part-of: e2e }
data:
  mode: ${mode}
`
}

describe('the bundled action, end to end', () => {
  let github: GitHubStandIn
  let namespace: string
  let workspace: string
  let baseSha: string
  let headSha: string
  let pr: number
  const scratch: string[] = []
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    scratch.push(dir)
    return dir
  }
  const kubeconfigText = () => readFileSync(testKubeconfigPath(), 'utf8')
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: workspace,
      encoding: 'utf8'
    }).trim()

  beforeAll(async () => {
    if (!existsSync(ACTION)) throw new Error(`${ACTION} is missing: run npm run build first`)
    github = await startGitHubStandIn()
    pr = github.addPullRequest('Switch the settings mode')
    namespace = await createNamespace('action-e2e')
    // The base branch, deployed; then someone scales by hand (drift before the PR).
    workspace = tempDir('kube-drift-e2e-workspace-')
    mkdirSync(join(workspace, 'deploy'))
    writeFileSync(join(workspace, 'deploy', 'app.yaml'), manifests(namespace, 'base'))
    git('init', '-q', '-b', 'main')
    git('add', '.')
    git('commit', '-q', '-m', 'base')
    baseSha = git('rev-parse', 'HEAD')
    kubectl(['apply', '--server-side', '-f', join(workspace, 'deploy')])
    kubectl(['-n', namespace, 'scale', 'deployment/web', '--replicas=5'])
    // The pull request changes the ConfigMap (drift it introduces).
    writeFileSync(join(workspace, 'deploy', 'app.yaml'), manifests(namespace, 'pr'))
    git('commit', '-q', '-am', 'pr')
    headSha = git('rev-parse', 'HEAD')
  }, TIMEOUT_MS)

  afterAll(async () => {
    await github?.close()
    if (namespace) await deleteNamespace(namespace)
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
  }, TIMEOUT_MS)

  /** Runs `node dist/index.js` as the runner does, and waits for it (the stand-in lives in this process). */
  async function step(
    eventName: string,
    payload: Record<string, unknown>,
    inputs: Record<string, string> = {}
  ): Promise<StepResult> {
    const runnerTemp = tempDir('kube-drift-e2e-runner-temp-')
    const files = tempDir('kube-drift-e2e-files-')
    const event = join(files, 'event.json')
    const output = join(files, 'output')
    const summary = join(files, 'summary.md')
    writeFileSync(event, JSON.stringify(payload))
    writeFileSync(output, '')
    writeFileSync(summary, '')
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: event,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_WORKSPACE: workspace,
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '1234',
      GITHUB_SHA: headSha,
      RUNNER_TEMP: runnerTemp,
      INPUT_KUBECONFIG: Buffer.from(kubeconfigText()).toString('base64'),
      INPUT_CONTEXT: 'differ',
      INPUT_PATH: 'deploy',
      INPUT_SELECTOR: 'app.kubernetes.io/part-of=e2e',
      'INPUT_GITHUB-TOKEN': github.token,
      // What action.yml declares as defaults, the runner passes as inputs.
      INPUT_MODE: 'detect',
      INPUT_COMMENT: 'auto',
      INPUT_ISSUE: 'auto',
      'INPUT_ISSUE-LABELS': 'kube-drift',
      'INPUT_FAIL-ON-DRIFT': 'false',
      'INPUT_FIELD-MANAGER': 'kube-drift',
      INPUT_CONCURRENCY: '8',
      INPUT_RENDERER: 'auto',
      ...inputs
    }
    const child = spawn(process.execPath, [ACTION], { env, cwd: workspace })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const code = await new Promise<number | null>(done => child.on('close', done))
    return {
      code,
      stdout,
      outputs: readOutputs(output),
      summary: readFileSync(summary, 'utf8'),
      runnerTemp
    }
  }

  /** Every file under RUNNER_TEMP but the report files: there must be none. */
  function leftovers(dir: string): string[] {
    const found: string[] = []
    const walk = (path: string) => {
      for (const name of readdirSync(path)) {
        const full = join(path, name)
        if (statSync(full).isDirectory()) walk(full)
        else found.push(full)
      }
    }
    walk(dir)
    return found.filter(file => !file.startsWith(join(dir, 'kube-drift-report')))
  }

  function expectNoCredentialLeft(result: StepResult): void {
    expect(leftovers(result.runnerTemp)).toEqual([])
    const key = /client-key-data: (\S+)/.exec(kubeconfigText())?.[1] ?? ''
    expect(key).not.toBe('')
    for (const file of readdirSync(join(result.runnerTemp, 'kube-drift-report'))) {
      expect(
        readFileSync(join(result.runnerTemp, 'kube-drift-report', file), 'utf8')
      ).not.toContain(key)
    }
    // The log carries credentials only inside the mask commands that hide them.
    expect(result.stdout).toContain(`::add-mask::${key}`)
    expect(result.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(key)
  }

  const comments = () => github.store.comments.filter(comment => comment.issueNumber === pr)
  const issues = () => github.store.issues.filter(issue => !issue.isPullRequest)

  it(
    'on a pull request: one comment, introduced vs pre-existing drift, outputs, summary',
    async () => {
      const payload = pullRequestPayload({ number: pr, baseSha, headSha })
      const first = await step('pull_request', payload)
      expect(first.code).toBe(0)
      expect(first.stdout).toContain('::group::kube-drift: render and compare')
      expect(first.stdout).toContain(
        `::group::kube-drift: compare with the base commit ${baseSha.slice(0, 7)}`
      )
      expect(first.outputs).toMatchObject({
        drift: 'true',
        drifted: '2',
        missing: '0',
        extra: '0',
        errors: '0',
        targets: '["deploy"]',
        'issue-number': ''
      })
      expectNoCredentialLeft(first)

      expect(comments()).toHaveLength(1)
      const comment = comments()[0]!
      expect(first.outputs['comment-url']).toBe(
        `https://github.com/acme/shop/pull/${pr}#issuecomment-${comment.id}`
      )
      // The PR's own drift first, badged; the older drift after it, badged too.
      const mine = comment.body.indexOf(`⚠️ \`ConfigMap ${namespace}/settings\` **🆕 this PR**`)
      const older = comment.body.indexOf(
        `⚠️ \`Deployment.apps ${namespace}/web\` **before this PR**`
      )
      expect(mine).toBeGreaterThan(0)
      expect(older).toBeGreaterThan(mine)
      expect(comment.body).toContain('**This pull request** 🆕 brings drift to 1 resource')
      // cluster → Git: the PR changes the mode from base to pr; its who is this PR.
      expect(comment.body).toMatch(/`data\.mode` `"base"` → `"pr"` \| 🆕 this PR \|/)
      expect(comment.body).toContain('`spec.replicas` `5` → `2`')
      expect(comment.body).toContain('**Next steps**')
      expect(comment.body).toContain(
        `https://github.com/acme/shop/blob/${headSha}/deploy/app.yaml#L1`
      )
      // The comment names the commit it checked and the workflow run.
      expect(comment.body).toContain(
        `_Checked commit [\`${headSha.slice(0, 7)}\`](https://github.com/acme/shop/commit/${headSha}) in [workflow run 1234](https://github.com/acme/shop/actions/runs/1234)._`
      )
      // In the diff view: an annotation on each drifted manifest, the PR's own first.
      expect(first.stdout.split('\n').filter(line => line.startsWith('::warning '))).toEqual([
        expect.stringMatching(
          new RegExp(
            `^::warning title=kube-drift%3A ConfigMap ${namespace}/settings drifted \\(introduced by this pull request\\),file=deploy/app.yaml,line=17::data.mode: `
          )
        ),
        expect.stringMatching(
          new RegExp(
            `^::warning title=kube-drift%3A Deployment.apps ${namespace}/web drifted \\(drifted before this pull request\\),file=deploy/app.yaml,line=1::spec.replicas: `
          )
        )
      ])
      // The log lists each resource's verdict, in a group per target.
      expect(first.stdout).toContain('::group::kube-drift: deploy: drift in 2 of 2 resources\n')
      expect(first.stdout).toContain(
        `drifted: ConfigMap ${namespace}/settings (deploy/app.yaml:17), introduced by this pull request\n`
      )
      const gfm = checkGfm(comment.body)
      expect(gfm.problems).toEqual([])
      // two diffs and the ignore rule of the next steps
      expect(gfm.fences).toBe(3)
      expect(first.summary).toContain(`ConfigMap ${namespace}/settings`)

      const json = JSON.parse(readFileSync(first.outputs['report-json']!, 'utf8'))
      const byKind = Object.fromEntries(
        json.targets[0].resources.map((r: { kind: string; origin?: string }) => [r.kind, r.origin])
      )
      expect(byKind).toEqual({ Deployment: 'pre-existing', ConfigMap: 'introduced' })
      expect(readFileSync(first.outputs['report-markdown']!, 'utf8')).toContain('```diff')

      // The cluster changes again and the PR is re-run: the same comment, edited in place.
      kubectl(['-n', namespace, 'scale', 'deployment/web', '--replicas=6'])
      const second = await step('pull_request', payload)
      expect(second.code).toBe(0)
      expect(comments()).toHaveLength(1)
      expect(comments()[0]?.id).toBe(comment.id)
      expect(comments()[0]?.body).toContain('`6`')
      expect(github.requests.filter(r => r.operationId === 'issues/update-comment')).toHaveLength(1)
      expect(issues()).toEqual([])

      // fail-on-drift: introduced fails the step on the PR's own drift only.
      const strict = await step('pull_request', payload, { 'INPUT_FAIL-ON-DRIFT': 'introduced' })
      expect(strict.code).toBe(1)
      expect(strict.stdout).toContain(
        '::error::kube-drift: drift in 1 resource(s) brought by this pull request'
      )
      expect(github.violations).toEqual([])
    },
    TIMEOUT_MS
  )

  it(
    'on schedule: the drift issue is opened, closed when in sync, reopened once by two runs at once',
    async () => {
      const opened = await step('schedule', schedulePayload())
      expect(opened.code).toBe(0)
      expect(issues()).toHaveLength(1)
      const issue = issues()[0]!
      expect(issue.state).toBe('open')
      expect(issue.labels).toEqual(['kube-drift'])
      expect(opened.outputs['issue-number']).toBe(String(issue.number))
      expect(opened.outputs['comment-url']).toBe('')
      expect(checkGfm(issue.body ?? '').problems).toEqual([])
      expectNoCredentialLeft(opened)

      // The next night, nothing changed: the issue is not rewritten.
      const unchanged = await step('schedule', schedulePayload())
      expect(unchanged.code).toBe(0)
      expect(github.requests.filter(r => r.operationId === 'issues/update')).toEqual([])
      expect(github.store.issue(issue.number)?.body).toBe(issue.body)

      // Someone applies Git's state: back in sync, the issue is closed with a comment.
      kubectl(['apply', '--server-side', '--force-conflicts', '-f', join(workspace, 'deploy')])
      const closed = await step('workflow_dispatch', { inputs: {} })
      expect(closed.code).toBe(0)
      // The step names the issue it closed; the closed issue says it is back in sync.
      expect(closed.outputs).toMatchObject({ drift: 'false', 'issue-number': String(issue.number) })
      expect(github.store.issue(issue.number)?.state).toBe('closed')
      expect(
        github.store.comments.filter(c => c.issueNumber === issue.number).at(-1)?.body
      ).toMatch(
        /^✅ Back in sync on \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC: all 2 resources of this target match Git \(\[run\]\(https:\/\/github.com\/acme\/shop\/actions\/runs\/1234\)\)\. The drift lasted at least \d+ (day|hour|minute)/
      )
      const closedBody = github.store.issue(issue.number)?.body ?? ''
      expect(closedBody).toContain('back in sync')
      expect(closedBody).not.toContain('drift in')
      // No annotations off pull requests.
      expect(opened.stdout).not.toMatch(/^::warning .*file=/m)

      // Drift again; two scheduled runs at once, both listing before either creates.
      kubectl(['-n', namespace, 'scale', 'deployment/web', '--replicas=4'])
      github.gate('issues/list-for-repo', 2)
      const [a, b] = await Promise.all([
        step('schedule', schedulePayload(), { 'INPUT_FAIL-ON-DRIFT': 'true' }),
        step('schedule', schedulePayload(), { 'INPUT_FAIL-ON-DRIFT': 'true' })
      ])
      expect([a.code, b.code]).toEqual([1, 1])
      const open = issues().filter(i => i.state === 'open')
      expect(open).toHaveLength(1)
      expect(github.requests.filter(r => r.operationId === 'issues/create')).toHaveLength(3)
      expect(open[0]?.body).toContain(`#${issue.number} was closed when the cluster was in sync`)
      expect([a.outputs['issue-number'], b.outputs['issue-number']]).toEqual([
        String(open[0]?.number),
        String(open[0]?.number)
      ])
      expect(issues().filter(i => i.stateReason === 'duplicate')).toHaveLength(1)
      expect(github.violations).toEqual([])
    },
    TIMEOUT_MS
  )

  it(
    'mode reconcile: refused from a pull request; on dispatch it puts the cluster back and closes the drift issue',
    async () => {
      // The previous test left drift (replicas 4) and one open drift issue.
      const open = issues().filter(i => i.state === 'open')
      expect(open).toHaveLength(1)

      const refused = await step(
        'pull_request',
        pullRequestPayload({ number: pr, baseSha, headSha }),
        { INPUT_MODE: 'reconcile' }
      )
      expect(refused.code).toBe(1)
      expect(refused.stdout).toContain('reconcile refuses to run from a pull_request event')
      expect(
        kubectl(['-n', namespace, 'get', 'deployment/web', '-o', 'jsonpath={.spec.replicas}'])
      ).toBe('4')

      const reconciled = await step(
        'workflow_dispatch',
        { inputs: {} },
        { INPUT_MODE: 'reconcile' }
      )
      expect(reconciled.code).toBe(0)
      expect(reconciled.summary).toContain('kube-drift reconcile: ✅ in sync after')
      expect(reconciled.outputs).toMatchObject({ drift: 'false' })
      expect(
        kubectl(['-n', namespace, 'get', 'deployment/web', '-o', 'jsonpath={.spec.replicas}'])
      ).toBe('2')
      expect(github.store.issue(open[0]!.number)?.state).toBe('closed')
      expectNoCredentialLeft(reconciled)
      expect(github.violations).toEqual([])
    },
    TIMEOUT_MS
  )
})
