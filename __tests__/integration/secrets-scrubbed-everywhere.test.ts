// The last line of defence, hostile: a ConfigMap in the real cluster, drifted
// from Git, whose live data holds the run's own credentials — the GitHub
// token (plain, base64 at each alignment, URL-safe), the runner's token, and
// from the kubeconfig the client key (PEM, base64, rewrapped), a bearer token,
// a password, an exec plugin's secrets and the whole kubeconfig in base64. So
// every credential would be in the diff. The BUNDLED action (pull request and
// schedule, `INPUT_KUBECONFIG`, `INPUT_GITHUB-TOKEN`, GITHUB_TOKEN and
// ACTIONS_RUNTIME_TOKEN set) and the BUNDLED CLI run against it, and every
// channel is searched for every credential in every form: the comment and
// issue bodies and every request the GitHub stand-in received, the job
// summary, GITHUB_OUTPUT, the report files, stdout and stderr.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { dump, load } from 'js-yaml'
import { startGitHubStandIn, type GitHubStandIn } from '../../test/github/stand-in.ts'
import { pullRequestPayload, schedulePayload } from '../unit/github/runner-files.ts'
import { createNamespace, deleteNamespace, testKubeconfigPath } from './cluster-env.ts'
import { kubectl } from './harness.ts'
import { findLeaks } from './secrets-leak-guard.ts'

const ACTION = resolve('dist/index.js')
const CLI = resolve('dist/cli.js')
const TIMEOUT_MS = 180_000

const GITHUB_TOKEN = 'ghs_LeakCanaryGitHubToken7f3a9c2e51d04b'
const RUNTIME_TOKEN = 'actions-runtime-canary-0e6f1d7a9b3c58'
const KUBE_TOKEN = 'kube-canary-bearer-4b7d9e1f2a3c6058'
const KUBE_PASSWORD = 'kube-canary-password-8c2e7a1d5f'
const EXEC_ENV = 'kube-canary-exec-env-3f9b1c7d2e'
const EXEC_ARG = 'kube-canary-exec-arg-6a2d8e4f1b'

interface KubeconfigDoc {
  contexts: { name: string; context: { user: string } }[]
  users: { name: string; user: Record<string, unknown> }[]
}

/** The test kubeconfig with more users holding canary credentials (unused, but credentials). */
function canaryKubeconfig(): { text: string; clientKeyData: string } {
  const doc = load(readFileSync(testKubeconfigPath(), 'utf8')) as KubeconfigDoc
  const differ = doc.contexts.find(context => context.name === 'differ')!.context.user
  const clientKeyData = String(
    doc.users.find(user => user.name === differ)!.user['client-key-data']
  )
  doc.users.push(
    { name: 'canary-token', user: { token: KUBE_TOKEN } },
    { name: 'canary-basic', user: { username: 'admin', password: KUBE_PASSWORD } },
    {
      name: 'canary-exec',
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: 'canary-credential-plugin',
          args: ['get-token', `--token=${EXEC_ARG}`],
          env: [{ name: 'CANARY_SECRET', value: EXEC_ENV }],
          interactiveMode: 'Never'
        }
      }
    }
  )
  return { text: dump(doc), clientKeyData }
}

function configMap(namespace: string, data: Record<string, string>): string {
  return dump({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'settings',
      namespace,
      labels: { 'app.kubernetes.io/part-of': 'leak-guard' }
    },
    data
  })
}

const b64 = (text: string) => Buffer.from(text).toString('base64')

describe('no credential leaves kube-drift, whatever the cluster holds', () => {
  let github: GitHubStandIn
  let namespace: string
  let workspace: string
  let kubeconfig: { text: string; clientKeyData: string; path: string }
  let credentials: string[]
  let headSha: string
  let baseSha: string
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
    for (const bundle of [ACTION, CLI]) {
      if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first`)
    }
    github = await startGitHubStandIn({ token: GITHUB_TOKEN })
    namespace = await createNamespace('leak-guard')
    const canary = canaryKubeconfig()
    const files = tempDir('kube-drift-leak-kubeconfig-')
    kubeconfig = { ...canary, path: join(files, 'kubeconfig') }
    writeFileSync(kubeconfig.path, canary.text, { mode: 0o600 })
    const clientKey = Buffer.from(canary.clientKeyData, 'base64').toString('utf8')
    credentials = [
      GITHUB_TOKEN,
      RUNTIME_TOKEN,
      KUBE_TOKEN,
      KUBE_PASSWORD,
      EXEC_ENV,
      EXEC_ARG,
      clientKey,
      canary.clientKeyData
    ]

    const keyBody = clientKey
      .split('\n')
      .filter(line => line && !line.startsWith('-----'))
      .join('')
    const live: Record<string, string> = {
      'github-token': `token ${GITHUB_TOKEN}`,
      'github-token-b64': b64(GITHUB_TOKEN),
      'github-token-b64-offset-1': b64(`:${GITHUB_TOKEN}`),
      'github-token-b64-offset-2': b64(`u:${GITHUB_TOKEN}\n`),
      'github-token-b64url': Buffer.from(`x-access-token:${GITHUB_TOKEN}`).toString('base64url'),
      'runtime-token': RUNTIME_TOKEN,
      'kube-token': KUBE_TOKEN,
      'kube-basic-auth': b64(`admin:${KUBE_PASSWORD}`),
      'exec-env': EXEC_ENV,
      'exec-arg': EXEC_ARG,
      'client-key': clientKey,
      'client-key-data': canary.clientKeyData,
      'client-key-rewrapped': `-----BEGIN EC PRIVATE KEY-----\n${(keyBody.match(/.{1,40}/g) ?? []).join('\n')}\n-----END EC PRIVATE KEY-----\n`,
      'kubeconfig-b64': b64(canary.text)
    }
    const inGit = Object.fromEntries(Object.keys(live).map(key => [key, 'placeholder']))

    // Git has placeholders; the cluster has the credentials (drift in every key).
    workspace = tempDir('kube-drift-leak-workspace-')
    mkdirSync(join(workspace, 'deploy'))
    writeFileSync(join(workspace, 'deploy', 'settings.yaml'), configMap(namespace, inGit))
    git('init', '-q', '-b', 'main')
    git('add', '.')
    git('commit', '-q', '-m', 'base')
    baseSha = git('rev-parse', 'HEAD')
    git('commit', '-q', '--allow-empty', '-m', 'head')
    headSha = git('rev-parse', 'HEAD')
    kubectl(['apply', '--server-side', '-f', '-'], { input: configMap(namespace, live) })
  }, TIMEOUT_MS)

  afterAll(async () => {
    await github?.close()
    if (namespace) await deleteNamespace(namespace)
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
  }, TIMEOUT_MS)

  /** The environment a runner gives a step, with every secret variable set. */
  function runnerEnv(files: { event: string; output: string; summary: string }, temp: string) {
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_PATH: files.event,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_WORKSPACE: workspace,
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '77',
      GITHUB_SHA: headSha,
      GITHUB_TOKEN,
      ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
      RUNNER_TEMP: temp,
      INPUT_KUBECONFIG: b64(kubeconfig.text),
      'INPUT_GITHUB-TOKEN': GITHUB_TOKEN,
      INPUT_CONTEXT: 'differ',
      INPUT_PATH: 'deploy',
      INPUT_SELECTOR: 'app.kubernetes.io/part-of=leak-guard',
      INPUT_MODE: 'detect',
      INPUT_COMMENT: 'auto',
      INPUT_ISSUE: 'auto',
      'INPUT_ISSUE-LABELS': 'kube-drift',
      'INPUT_FAIL-ON-DRIFT': 'false',
      INPUT_CONCURRENCY: '4',
      INPUT_RENDERER: 'auto'
    }
  }

  async function run(
    command: string[],
    env: Record<string, string>
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, command, { env, cwd: workspace })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>(done => child.on('close', done))
    return { code, stdout, stderr }
  }

  /** Runs the bundled action for an event; returns every channel it wrote to. */
  async function actionStep(
    eventName: string,
    payload: Record<string, unknown>
  ): Promise<Record<string, string>> {
    const temp = tempDir('kube-drift-leak-runner-temp-')
    const dir = tempDir('kube-drift-leak-files-')
    const files = {
      event: join(dir, 'event.json'),
      output: join(dir, 'output'),
      summary: join(dir, 'summary.md')
    }
    writeFileSync(files.event, JSON.stringify(payload))
    writeFileSync(files.output, '')
    writeFileSync(files.summary, '')
    const result = await run([ACTION], { ...runnerEnv(files, temp), GITHUB_EVENT_NAME: eventName })
    expect(result.code).toBe(0)
    const reports = join(temp, 'kube-drift-report')
    return {
      // The runner consumes ::add-mask:: lines (they are how it learns what to mask).
      [`${eventName} stdout`]: result.stdout.replace(/^::add-mask::.*$/gm, ''),
      [`${eventName} stderr`]: result.stderr,
      [`${eventName} summary`]: readFileSync(files.summary, 'utf8'),
      [`${eventName} GITHUB_OUTPUT`]: readFileSync(files.output, 'utf8'),
      ...Object.fromEntries(
        readdirSync(reports).map(name => [
          `${eventName} ${name}`,
          readFileSync(join(reports, name), 'utf8')
        ])
      ),
      [`${eventName} left in RUNNER_TEMP`]: readdirSync(temp)
        .filter(name => name !== 'kube-drift-report')
        .join('\n')
    }
  }

  function gitHubChannels(): Record<string, string> {
    return {
      'issue and pull-request bodies': JSON.stringify(github.store.issues),
      comments: JSON.stringify(github.store.comments),
      'every request to GitHub': JSON.stringify(github.requests)
    }
  }

  it(
    'the bundled action: comment, issue, summary, outputs, report files, log',
    async () => {
      const pr = github.addPullRequest('Change the settings')
      const channels = {
        ...(await actionStep('pull_request', pullRequestPayload({ number: pr, baseSha, headSha }))),
        ...(await actionStep('schedule', schedulePayload()))
      }
      const comments = github.store.comments.filter(comment => comment.issueNumber === pr)
      expect(comments).toHaveLength(1)
      const issues = github.store.issues.filter(issue => !issue.isPullRequest)
      expect(issues).toHaveLength(1)
      // The drift is reported, key by key, with the credentials masked where they were.
      for (const body of [comments[0]!.body, issues[0]!.body ?? '']) {
        expect(body).toContain('client-key-rewrapped')
        expect(body).toContain('github-token-b64url')
        expect(body).toContain('***')
      }
      expect(channels['schedule kube-drift-report.json']).toContain('***')
      expect(channels['pull_request left in RUNNER_TEMP']).toBe('')
      expect(github.violations).toEqual([])

      expect(findLeaks(credentials, { ...channels, ...gitHubChannels() })).toEqual([])
    },
    TIMEOUT_MS
  )

  it.each(['text', 'json', 'markdown'])(
    'the bundled CLI: the %s report on stdout and in --out, the progress on stderr',
    async output => {
      const out = join(tempDir('kube-drift-leak-out-'), `report.${output}`)
      const env = {
        ...runnerEnv({ event: '', output: '', summary: '' }, tmpdir()),
        NO_COLOR: '1'
      }
      const args = [
        'check',
        '--path',
        'deploy',
        '--kubeconfig',
        kubeconfig.path,
        '--context',
        'differ',
        '--selector',
        'app.kubernetes.io/part-of=leak-guard',
        '--output',
        output
      ]
      const printed = await run([CLI, ...args], env)
      const written = await run([CLI, ...args, '--out', out], env)
      expect([printed.code, written.code]).toEqual([2, 2])
      const channels = {
        stdout: printed.stdout,
        stderr: printed.stderr + written.stderr,
        '--out file': readFileSync(out, 'utf8')
      }
      expect(channels.stdout).toContain('client-key-rewrapped')
      expect(channels.stdout).toContain('***')
      expect(findLeaks(credentials, channels)).toEqual([])
    },
    TIMEOUT_MS
  )
})
