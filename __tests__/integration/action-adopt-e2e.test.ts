// End to end, mode: adopt: the BUNDLED action (dist/index.js, run `npm run
// build` first), started as the runner starts it, against the real local
// control plane and the GitHub stand-in. Drift made with kubectl is adopted:
// a branch, ONE commit on the commit the run read whose tree holds the
// manifest with the live values (only those lines changed), one pull request
// with the report; after another kubectl change, the same pull request is
// updated and the branch is again one commit on that base; in sync again, the
// pull request is closed. Refused on a pull request before anything happens.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { adoptMarker } from '../../src/github/markers.ts'
import { startGitHubStandIn, type GitHubStandIn } from '../../test/github/stand-in.ts'
import { checkGfm } from '../unit/github/gfm.ts'
import { pullRequestPayload, readOutputs, schedulePayload } from '../unit/github/runner-files.ts'
import { createNamespace, deleteNamespace, testKubeconfigPath } from './cluster-env.ts'
import { kubectl } from './harness.ts'

const ACTION = resolve('dist/index.js')
const TIMEOUT_MS = 180_000
const BRANCH = 'kube-drift/adopt/deploy'

interface StepResult {
  code: number | null
  stdout: string
  outputs: Record<string, string>
  summary: string
  runnerTemp: string
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => join(entry.parentPath, entry.name))
}

function manifests(namespace: string): string {
  return `# The shop's web tier.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${namespace}
spec:
  replicas: 2 # the autoscaler's floor
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
data:
  mode: "base" # quoted on purpose
`
}

describe('mode: adopt, end to end', () => {
  let github: GitHubStandIn
  let namespace: string
  let workspace: string
  let original: string
  let headSha: string
  const scratch: string[] = []
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    scratch.push(dir)
    return dir
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: workspace,
      encoding: 'utf8'
    }).trim()

  beforeAll(async () => {
    if (!existsSync(ACTION)) throw new Error(`${ACTION} is missing: run npm run build first`)
    github = await startGitHubStandIn()
    namespace = await createNamespace('adopt-e2e')
    workspace = tempDir('kube-drift-adopt-workspace-')
    mkdirSync(join(workspace, 'deploy'))
    original = manifests(namespace)
    writeFileSync(join(workspace, 'deploy', 'app.yaml'), original)
    writeFileSync(join(workspace, 'README.md'), '# shop\n')
    git('init', '-q', '-b', 'main')
    git('add', '.')
    git('commit', '-q', '-m', 'deploy the shop')
    headSha = git('rev-parse', 'HEAD')
    // GitHub holds the same commit the runner checked out (GITHUB_SHA).
    github.store.seedCommit(
      { 'deploy/app.yaml': original, 'README.md': '# shop\n' },
      { sha: headSha, message: 'deploy the shop' }
    )
    kubectl(['apply', '--server-side', '-f', join(workspace, 'deploy')])
  }, TIMEOUT_MS)

  afterAll(async () => {
    await github?.close()
    if (namespace) await deleteNamespace(namespace)
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
  }, TIMEOUT_MS)

  async function step(
    eventName: string,
    payload: Record<string, unknown>,
    inputs: Record<string, string> = {}
  ): Promise<StepResult> {
    const files = tempDir('kube-drift-adopt-files-')
    const runnerTemp = tempDir('kube-drift-adopt-runner-temp-')
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
      GITHUB_REF: 'refs/heads/main',
      RUNNER_TEMP: runnerTemp,
      INPUT_KUBECONFIG: Buffer.from(readFileSync(testKubeconfigPath(), 'utf8')).toString('base64'),
      INPUT_CONTEXT: 'differ',
      INPUT_PATH: 'deploy',
      'INPUT_GITHUB-TOKEN': github.token,
      // What action.yml declares as defaults, the runner passes as inputs.
      INPUT_MODE: 'adopt',
      INPUT_COMMENT: 'auto',
      INPUT_ISSUE: 'auto',
      'INPUT_ISSUE-LABELS': 'kube-drift',
      'INPUT_FAIL-ON-DRIFT': 'false',
      'INPUT_FIELD-MANAGER': 'kube-drift',
      'INPUT_DRY-RUN': 'false',
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

  const pulls = () => github.store.pulls()
  const branchHead = () => github.store.git.refs.get(`refs/heads/${BRANCH}`)
  const commit = (sha: string | undefined) => github.store.git.commits.get(sha ?? '')

  it(
    'is refused on a pull request before the cluster or GitHub is touched',
    async () => {
      const refused = await step(
        'pull_request',
        pullRequestPayload({ number: 7, baseSha: headSha, headSha })
      )
      expect(refused.code).toBe(1)
      expect(refused.stdout).toContain(
        '::error::kube-drift: mode: adopt does not run on pull_request events'
      )
      expect(refused.stdout).not.toContain('::group::kube-drift: adopt')
      expect(github.requests).toEqual([])
    },
    TIMEOUT_MS
  )

  it(
    'adopts into one commit and one pull request, updated by the next run, closed when in sync',
    async () => {
      kubectl(['-n', namespace, 'scale', 'deployment/web', '--replicas=5'])
      kubectl([
        '-n',
        namespace,
        'patch',
        'configmap/settings',
        '--type=merge',
        '-p',
        '{"data":{"mode":"live"}}'
      ])

      const first = await step('schedule', schedulePayload())
      expect(first.code).toBe(0)
      expect(pulls()).toHaveLength(1)
      const pull = pulls()[0]!
      expect(pull.pull).toEqual({ head: BRANCH, base: 'main', merged: false })
      expect(first.outputs['pull-request-number']).toBe(String(pull.number))
      expect(first.outputs['pull-request-url']).toBe(
        `https://github.com/acme/shop/pull/${pull.number}`
      )
      // One commit on the commit the run read; the manifest holds the live values,
      // every other line (comments, quoting) as it was; the other file untouched.
      const adopted = commit(branchHead())
      expect(adopted?.parents).toEqual([headSha])
      const files = github.filesAt(BRANCH)
      expect(files['deploy/app.yaml']).toBe(
        original.replace('replicas: 2 #', 'replicas: 5 #').replace('"base"', '"live"')
      )
      expect(files['README.md']).toBe('# shop\n')
      // The runner's checkout is not changed: the commit is made through the API.
      expect(readFileSync(join(workspace, 'deploy', 'app.yaml'), 'utf8')).toBe(original)
      expect(git('status', '--porcelain')).toBe('')
      // The pull request's body: the marker, then the report of what was adopted.
      expect(pull.body?.startsWith(`${adoptMarker('deploy')}\n\n`)).toBe(true)
      expect(pull.body).toContain(
        `| Deployment.apps ${namespace}/web | \`spec.replicas\` | \`5\` |`
      )
      expect(pull.body).toContain(
        `| ConfigMap ${namespace}/settings | \`data.mode\` | \`"live"\` |`
      )
      expect(checkGfm(pull.body ?? '').problems).toEqual([])
      expect(adopted?.message).toContain(`${namespace}/web`)
      expect(first.summary).toContain(
        `\`deploy\`: pull request [#${pull.number}](https://github.com/acme/shop/pull/${pull.number}) opened`
      )
      // No kubeconfig left behind; its key in the log only inside the mask command.
      expect(filesUnder(first.runnerTemp)).toEqual([first.outputs['report-markdown']])
      const key = /client-key-data: (\S+)/.exec(readFileSync(testKubeconfigPath(), 'utf8'))?.[1]
      expect(key).toBeTruthy()
      expect(first.stdout).toContain(`::add-mask::${key}`)
      expect(first.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(key)

      // Another change by hand: the same pull request, one new commit on the same base.
      kubectl(['-n', namespace, 'scale', 'deployment/web', '--replicas=7'])
      const second = await step('workflow_dispatch', { inputs: {} })
      expect(second.code).toBe(0)
      expect(pulls()).toHaveLength(1)
      expect(second.outputs['pull-request-number']).toBe(String(pull.number))
      const replaced = commit(branchHead())
      expect(replaced?.sha).not.toBe(adopted?.sha)
      expect(replaced?.parents).toEqual([headSha])
      expect(github.filesAt(BRANCH)['deploy/app.yaml']).toBe(
        original.replace('replicas: 2 #', 'replicas: 7 #').replace('"base"', '"live"')
      )
      expect(
        github.requests.filter(r => r.operationId === 'git/update-ref').map(r => r.body)
      ).toEqual([{ sha: replaced?.sha, force: true }])
      expect(github.store.issue(pull.number)?.body).toContain(
        `| Deployment.apps ${namespace}/web | \`spec.replicas\` | \`7\` |`
      )

      // Nothing changed since: neither the branch nor the pull request is touched.
      const same = await step('schedule', schedulePayload())
      expect(same.code).toBe(0)
      expect(branchHead()).toBe(replaced?.sha)
      expect(github.requests.filter(r => r.operationId === 'git/create-commit')).toHaveLength(2)

      // Git's state applied again: nothing to adopt, the pull request is closed.
      kubectl(['apply', '--server-side', '--force-conflicts', '-f', join(workspace, 'deploy')])
      const synced = await step('schedule', schedulePayload())
      expect(synced.code).toBe(0)
      expect(github.store.issue(pull.number)?.state).toBe('closed')
      expect(github.store.comments.filter(c => c.issueNumber === pull.number).at(-1)?.body).toMatch(
        /^✅ The cluster matches Git now: nothing is left to adopt for `deploy`/
      )
      expect(pulls()).toHaveLength(1)
      expect(github.violations).toEqual([])
    },
    TIMEOUT_MS
  )
})
