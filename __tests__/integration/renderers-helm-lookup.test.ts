// A chart that keeps a generated password only when lookup finds the live
// Secret (in a library subchart's helper), with a checksum of that Secret on
// the Deployment and a value that tells install from upgrade: `helm install`ed
// then `helm upgrade`d into the real control plane, then checked.
//  - lookup on (the CLI's default, the action on schedule): rendered with the
//    cluster, as an upgrade: zero drift, and a hand edit is still found;
//  - lookup off (the action on pull_request without opt-in): zero drift, and
//    the report says the chart uses lookup and which values are not compared;
//  - an identity that may not read the Secret: the same, with the reason;
//  - helm gets the kubeconfig as a 0600 single-context file flag, removed
//    after rendering, never through its environment.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Ajv } from 'ajv'
import { targetRequestOf } from '../../src/cli/target-options.ts'
import { readActionInputs } from '../../src/github/action-inputs.ts'
import { loadTargets } from '../../src/config/load-targets.ts'
import type { Target } from '../../src/config/target.ts'
import { runCheck } from '../../src/engine/check.ts'
import { toJson } from '../../src/report/json.ts'
import { toMarkdown } from '../../src/report/markdown.ts'
import { toText } from '../../src/report/text.ts'
import type { DriftReport, ResourceResult } from '../../src/types.ts'
import { toolPath } from '../../test/cluster/tools.ts'
import { startGitHubStandIn, type GitHubStandIn } from '../../test/github/stand-in.ts'
import { pullRequestPayload, readOutputs, schedulePayload } from '../unit/github/runner-files.ts'
import { deleteNamespace, testKubeconfigPath, uniqueNamespace } from './cluster-env.ts'
import { helm, kubectl, verdicts } from './harness.ts'
import { serviceAccountKubeconfig } from './kubeconfigs.ts'
import { MODES, REPO, change, checkTargets, usePinnedTools } from './renderers-harness.ts'

usePinnedTools()

const CHART = '__tests__/fixtures/charts-lookup/keeper'
const RELEASE = 'vault'
const SECRET = `${RELEASE}-keeper-credentials`
const DEPLOYMENT = `${RELEASE}-keeper`
const SETTINGS = `${RELEASE}-keeper-settings`
const CHECKSUM = '/spec/template/metadata/annotations/checksum~1credentials'
const TIMEOUT_MS = 180_000

/** The published JSON schema of the report (RFC 3339 date-time as it asks). */
const validateReport = new Ajv({
  allErrors: true,
  formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/ }
}).compile(
  JSON.parse(
    readFileSync(path.join(REPO, 'schema', 'drift-report.v1.schema.json'), 'utf8')
  ) as object
)

/** `helm install` then `helm upgrade` of the chart into a new namespace. */
function installThenUpgrade(prefix: string): string {
  const namespace = uniqueNamespace(prefix)
  const chart = path.join(REPO, CHART)
  helm(['install', RELEASE, chart, '--namespace', namespace, '--create-namespace'])
  const password = () =>
    kubectl(['-n', namespace, 'get', 'secret', SECRET, '-o', 'jsonpath={.data.password}'])
  const installed = password()
  helm(['upgrade', RELEASE, chart, '--namespace', namespace])
  // helm itself kept the password through lookup, and the upgrade says so.
  expect(password()).toBe(installed)
  expect(
    kubectl(['-n', namespace, 'get', 'configmap', SETTINGS, '-o', 'jsonpath={.data.PHASE}'])
  ).toBe('upgrade')
  return namespace
}

function notInSync(resources: ResourceResult[]): string[] {
  return verdicts(resources.filter(r => r.status !== 'InSync'))
}

function find(report: DriftReport, kind: string, name: string): ResourceResult {
  const found = report.targets
    .flatMap(t => t.resources)
    .find(r => r.kind === kind && r.name === name)
  if (!found) throw new Error(`no ${kind} ${name} in ${toJson(report)}`)
  return found
}

/** The targets the CLI makes from `check --path <chart> -n <ns> --helm-release vault` (lookup on by default). */
function cliTargets(namespace: string, extra: Record<string, unknown> = {}): Promise<Target[]> {
  return loadTargets(
    targetRequestOf({ path: [CHART], namespace, 'helm-release': RELEASE, ...extra }, REPO)
  )
}

/** The targets the action makes from its inputs on `event`. */
async function actionTargets(
  event: string,
  namespace: string,
  inputs: Record<string, string> = {}
): Promise<Target[]> {
  const saved = { ...process.env }
  const stdout = process.stdout.write.bind(process.stdout)
  // @actions/core writes mask commands to stdout: keep the test output readable.
  process.stdout.write = (() => true) as typeof process.stdout.write
  try {
    Object.assign(process.env, {
      INPUT_KUBECONFIG: readFileSync(testKubeconfigPath(), 'utf8'),
      INPUT_PATH: CHART,
      INPUT_NAMESPACE: namespace,
      'INPUT_HELM-RELEASE': RELEASE,
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))
    })
    return (await readActionInputs(REPO, event)).targets
  } finally {
    process.stdout.write = stdout
    process.env = saved
  }
}

describe('a chart that keeps a generated password through lookup', () => {
  let namespace: string

  beforeAll(() => {
    namespace = installThenUpgrade('lookup')
  }, TIMEOUT_MS)
  afterAll(async () => {
    if (namespace) await deleteNamespace(namespace)
  }, TIMEOUT_MS)

  it(
    'lookup on (the CLI default): rendered with the cluster as an upgrade, zero drift in every mode',
    async () => {
      const targets = await cliTargets(namespace)
      expect(targets.map(t => t.helm?.lookup)).toEqual([true])
      for (const mode of MODES) {
        const { report, resources } = await checkTargets(targets, mode)
        expect({ mode: mode.name, notInSync: notInSync(resources) }).toEqual({
          mode: mode.name,
          notInSync: []
        })
        expect(resources.map(r => `${r.kind}/${r.name}`).sort()).toEqual([
          `ConfigMap/${SETTINGS}`,
          `Deployment/${DEPLOYMENT}`,
          `Secret/${SECRET}`
        ])
        expect(resources.every(r => r.notComparable === undefined)).toBe(true)
        expect(report.targets[0]?.notes).toContain(
          `The chart uses lookup (keeper/charts/keeper-lib/templates/_password.tpl): rendered with the cluster's objects (read-only helm template --dry-run=server), as an upgrade of release ${RELEASE} (.Release.IsUpgrade).`
        )
      }
    },
    TIMEOUT_MS
  )

  it(
    'lookup on (the action on schedule): zero drift',
    async () => {
      const targets = await actionTargets('schedule', namespace)
      expect(targets.map(t => t.helm?.lookup)).toEqual([true])
      const { report, resources } = await checkTargets(targets)
      expect(notInSync(resources)).toEqual([])
      expect(resources).toHaveLength(3)
      // Compared, not set aside: lookup ran against the cluster.
      expect(resources.every(r => r.notComparable === undefined)).toBe(true)
      expect(report.targets[0]?.notes.join('\n')).toContain(
        "rendered with the cluster's objects (read-only helm template --dry-run=server), as an upgrade"
      )
    },
    TIMEOUT_MS
  )

  it(
    'lookup off (the action on pull_request, no opt-in): zero drift, and the report names the chart’s lookup and each value not compared',
    async () => {
      const targets = await actionTargets('pull_request', namespace)
      expect(targets.map(t => t.helm?.lookup)).toEqual([undefined])
      for (const mode of MODES) {
        const { report, resources } = await checkTargets(targets, mode)
        expect({ mode: mode.name, notInSync: notInSync(resources) }).toEqual({
          mode: mode.name,
          notInSync: []
        })
        expect(find(report, 'Secret', SECRET).notComparable).toEqual([
          { path: '/data/password', reason: 'generated', manager: 'helm' }
        ])
        expect(find(report, 'Deployment', DEPLOYMENT).notComparable).toEqual([
          { path: CHECKSUM, reason: 'generated', manager: 'helm' }
        ])
        // Not tainted by lookup, and rendered as an upgrade without the cluster too.
        expect(find(report, 'ConfigMap', SETTINGS).notComparable).toBeUndefined()
        const note = report.targets[0]?.notes.find(n => n.startsWith('The chart uses lookup')) ?? ''
        expect(note).toBe(
          'The chart uses lookup (keeper/charts/keeper-lib/templates/_password.tpl) and was rendered without the cluster: helm-lookup is off for this target.' +
            ` Not comparable, generated at render time (they differ between two renders; helm keeps them only through lookup): Secret ${SECRET} /data/password; Deployment ${DEPLOYMENT} ${CHECKSUM}.` +
            ` Values helm wrote may come from lookup in Secret ${SECRET} (all); Deployment ${DEPLOYMENT} (annotations): not compared; changes made by anyone else are.` +
            ' Render with the cluster (helm-lookup) to compare them.'
        )
        // Every output says it: text, Markdown, and JSON (also per resource).
        expect(toText(report, { color: false })).toContain('The chart uses lookup')
        expect(toMarkdown(report, {})).toContain('The chart uses lookup')
        const json = JSON.parse(toJson(report)) as { targets: { resources: unknown[] }[] }
        expect([validateReport(json), validateReport.errors ?? []]).toEqual([true, []])
        expect(json.targets[0]?.resources).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              kind: 'Secret',
              status: 'InSync',
              notComparable: [{ path: '/data/password', reason: 'generated', manager: 'helm' }]
            })
          ])
        )
      }
      // The workflow may opt in on a pull request.
      const optedIn = await actionTargets('pull_request', namespace, { 'helm-lookup': 'true' })
      expect(optedIn.map(t => t.helm?.lookup)).toEqual([true])
      expect(notInSync((await checkTargets(optedIn)).resources)).toEqual([])
    },
    TIMEOUT_MS
  )

  it(
    'an identity that may not read the Secret: the reason is said, the rest compared, no false drift',
    async () => {
      const kubeconfig = serviceAccountKubeconfig(namespace, 'no-secrets', [
        {
          apiGroups: [''],
          resources: ['configmaps', 'services', 'serviceaccounts'],
          verbs: ['get', 'list']
        },
        {
          apiGroups: ['apps'],
          resources: ['deployments', 'statefulsets'],
          verbs: ['get', 'list', 'patch']
        }
      ])
      try {
        const targets = await cliTargets(namespace)
        const { report } = await runCheck({
          kubeconfig: { path: kubeconfig },
          targets,
          fieldManager: 'kube-drift',
          concurrency: 4,
          cwd: REPO,
          timeoutMs: 20_000
        })
        // It may not read the Secret itself: an Error that says so, never InSync.
        expect(find(report, 'Secret', SECRET).status).toBe('Error')
        const deployment = find(report, 'Deployment', DEPLOYMENT)
        expect([deployment.status, deployment.notComparable]).toEqual([
          'InSync',
          [{ path: CHECKSUM, reason: 'generated', manager: 'helm' }]
        ])
        // Helm's records are unreadable, its ownership metadata says the release exists: an upgrade.
        expect(find(report, 'ConfigMap', SETTINGS).status).toBe('InSync')
        expect(report.targets[0]?.notes.join('\n')).toMatch(
          /rendered without the cluster: the identity may not read what the chart looks up \(secrets "vault-keeper-credentials" is forbidden: User "system:serviceaccount:lookup-[0-9a-f]+:no-secrets" cannot get resource "secrets"/
        )
      } finally {
        rmSync(kubeconfig, { force: true })
      }
    },
    TIMEOUT_MS
  )
})

describe('a hand edit of a chart that uses lookup', () => {
  let namespace: string

  beforeAll(() => {
    namespace = installThenUpgrade('lookup-edit')
    kubectl([
      '-n',
      namespace,
      'set',
      'image',
      `deployment/${DEPLOYMENT}`,
      'keeper=registry.example.com/keeper:2.0'
    ])
  }, TIMEOUT_MS)
  afterAll(async () => {
    if (namespace) await deleteNamespace(namespace)
  }, TIMEOUT_MS)

  it(
    'is found with lookup on and with lookup off, and nothing else is',
    async () => {
      for (const lookup of [{}, { 'no-helm-lookup': true }]) {
        const { resources, find: findIn } = await checkTargets(await cliTargets(namespace, lookup))
        expect(notInSync(resources)).toEqual([
          `Deployment/${DEPLOYMENT}: Drifted /spec/template/spec/containers/0/image[changed]`
        ])
        expect(
          change(findIn('Deployment', DEPLOYMENT), '/spec/template/spec/containers/0/image')
        ).toMatchObject({
          live: 'registry.example.com/keeper:2.0',
          desired: 'registry.example.com/keeper:1.0',
          manager: 'kubectl-set'
        })
      }
    },
    TIMEOUT_MS
  )
})

describe('a change the chart brings (a pull request)', () => {
  let namespace: string
  let values: string

  beforeAll(() => {
    namespace = installThenUpgrade('lookup-pr')
    values = path.join(mkdtempSync(path.join(tmpdir(), 'kube-drift-lookup-values-')), 'v.yaml')
    writeFileSync(values, 'image: registry.example.com/keeper:1.1\n')
  }, TIMEOUT_MS)
  afterAll(async () => {
    if (namespace) await deleteNamespace(namespace)
    rmSync(path.dirname(values), { recursive: true, force: true })
  }, TIMEOUT_MS)

  it(
    'is drift with lookup on and off: the checksum idiom sets aside annotations only',
    async () => {
      for (const lookup of [{}, { 'no-helm-lookup': true }]) {
        const targets = await cliTargets(namespace, { ...lookup, 'helm-values': [values] })
        const { resources, find: findIn } = await checkTargets(targets)
        expect(notInSync(resources)).toEqual([
          `Deployment/${DEPLOYMENT}: Drifted /spec/template/spec/containers/0/image[changed]`
        ])
        expect(
          change(findIn('Deployment', DEPLOYMENT), '/spec/template/spec/containers/0/image')
        ).toMatchObject({
          live: 'registry.example.com/keeper:1.0',
          desired: 'registry.example.com/keeper:1.1',
          manager: 'helm'
        })
      }
    },
    TIMEOUT_MS
  )
})

describe('the kubeconfig given to helm', () => {
  let namespace: string
  let spy: string
  const saved = { ...process.env }

  beforeAll(() => {
    namespace = installThenUpgrade('lookup-env')
  }, TIMEOUT_MS)
  afterAll(async () => {
    if (namespace) await deleteNamespace(namespace)
  }, TIMEOUT_MS)

  beforeEach(() => {
    // A helm that writes down its environment, its arguments and the kubeconfig file it was
    // given (mode, contexts), then runs the real helm: first on PATH, as kube-drift finds tools.
    spy = mkdtempSync(path.join(tmpdir(), 'kube-drift-helm-spy-'))
    const script = [
      '#!/bin/sh',
      // The renderer's version check (helm-version.ts) is not a render: not recorded.
      `[ "$1" = version ] && exec ${toolPath('helm')} "$@"`,
      `log=${spy}/call.$$`,
      'env > "$log.env"',
      'printf "%s\\n" "$@" > "$log.args"',
      'for a in "$@"; do case "$a" in --kubeconfig=*) f="${a#--kubeconfig=}"; stat -c %a "$f" > "$log.mode"; grep -o "\\"name\\":\\"[a-z-]*\\"" "$f" | sort -u > "$log.names";; esac; done',
      `exec ${toolPath('helm')} "$@"`,
      ''
    ].join('\n')
    writeFileSync(path.join(spy, 'helm'), script)
    chmodSync(path.join(spy, 'helm'), 0o755)
    process.env.PATH = `${spy}${path.delimiter}${process.env.PATH ?? ''}`
    // As on a runner with an ambient kubeconfig and helm settings: none of it may reach helm.
    process.env.KUBECONFIG = testKubeconfigPath()
    process.env.HELM_KUBECONTEXT = 'admin'
    process.env.HELM_KUBETOKEN = 'ambient-token-never-passed'
  })
  afterEach(() => {
    process.env = { ...saved }
    rmSync(spy, { recursive: true, force: true })
  })

  it(
    'is a 0600 file of the one context, passed as a flag, removed after rendering, never in the environment',
    async () => {
      const { resources } = await checkTargets(await cliTargets(namespace), { context: 'differ' })
      expect(notInSync(resources)).toEqual([])
      const calls = readdirSync(spy)
        .filter(name => name.endsWith('.args'))
        .map(name => name.slice(0, -'.args'.length))
      expect(calls).toHaveLength(1)
      const call = path.join(spy, calls[0] ?? '')
      const args = readFileSync(`${call}.args`, 'utf8').trim().split('\n')
      const kubeconfigFlag = args.find(a => a.startsWith('--kubeconfig=')) ?? ''
      expect(args).toEqual(
        expect.arrayContaining(['--dry-run=server', '--kube-context=differ', '--is-upgrade'])
      )
      const file = kubeconfigFlag.slice('--kubeconfig='.length)
      expect(file).not.toBe(testKubeconfigPath())
      expect(readFileSync(`${call}.mode`, 'utf8').trim()).toBe('600')
      // Only the differ context, its cluster and its user: not admin's credentials.
      expect(readFileSync(`${call}.names`, 'utf8').trim().split('\n')).toEqual([
        '"name":"differ"',
        '"name":"kube-drift"'
      ])
      expect(existsSync(file)).toBe(false)
      expect(existsSync(path.dirname(file))).toBe(false)
      const env = readFileSync(`${call}.env`, 'utf8')
      expect(env).not.toMatch(/^(KUBECONFIG|HELM_KUBE[A-Z_]*)=/m)
      const kubeconfigText = readFileSync(testKubeconfigPath(), 'utf8')
      for (const credential of kubeconfigText.matchAll(/(?:-data|token): (\S{16,})/g)) {
        expect(env).not.toContain(credential[1])
      }
      expect(env).not.toContain('ambient-token-never-passed')
    },
    TIMEOUT_MS
  )

  it(
    'is not written at all when lookup is off',
    async () => {
      const { resources } = await checkTargets(
        await cliTargets(namespace, { 'no-helm-lookup': true })
      )
      expect(notInSync(resources)).toEqual([])
      const argsFiles = readdirSync(spy).filter(name => name.endsWith('.args'))
      // Two offline renders (what differs between them was generated at render time).
      expect(argsFiles).toHaveLength(2)
      for (const name of argsFiles) {
        const args = readFileSync(path.join(spy, name), 'utf8')
        expect(args).not.toMatch(/--kubeconfig|--dry-run=server|--kube-context/)
      }
    },
    TIMEOUT_MS
  )
})

describe('the action (run from source), with the chart in the workspace', () => {
  let namespace: string
  let github: GitHubStandIn
  let workspace: string
  let sha: string
  let pr: number
  const scratch: string[] = []
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix))
    scratch.push(dir)
    return dir
  }

  beforeAll(async () => {
    // The action runs on Node 24, which runs src/index.ts as it is (type stripping).
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
    if (major < 23 && !(major === 22 && minor >= 6)) {
      throw new Error(
        `node ${process.versions.node} cannot run src/index.ts: run the tests with npm (Node 24)`
      )
    }
    namespace = installThenUpgrade('lookup-action')
    github = await startGitHubStandIn()
    pr = github.addPullRequest('Touch the chart')
    workspace = tempDir('kube-drift-lookup-workspace-')
    mkdirSync(path.join(workspace, 'deploy'))
    cpSync(path.join(REPO, CHART), path.join(workspace, 'deploy', 'keeper'), { recursive: true })
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: workspace,
        encoding: 'utf8'
      }).trim()
    git('init', '-q', '-b', 'main')
    git('add', '.')
    git('commit', '-q', '-m', 'chart')
    sha = git('rev-parse', 'HEAD')
  }, TIMEOUT_MS)
  afterAll(async () => {
    await github?.close()
    if (namespace) await deleteNamespace(namespace)
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
  }, TIMEOUT_MS)

  async function step(
    event: string,
    payload: Record<string, unknown>,
    inputs: Record<string, string> = {}
  ) {
    const files = tempDir('kube-drift-lookup-files-')
    const runnerTemp = tempDir('kube-drift-lookup-runner-temp-')
    const [eventFile, output, summary] = ['event.json', 'output', 'summary.md'].map(f =>
      path.join(files, f)
    ) as [string, string, string]
    writeFileSync(eventFile, JSON.stringify(payload))
    writeFileSync(output, '')
    writeFileSync(summary, '')
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_WORKSPACE: workspace,
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '77',
      GITHUB_SHA: sha,
      RUNNER_TEMP: runnerTemp,
      INPUT_KUBECONFIG: Buffer.from(readFileSync(testKubeconfigPath(), 'utf8')).toString('base64'),
      INPUT_CONTEXT: 'differ',
      INPUT_PATH: 'deploy/keeper',
      INPUT_NAMESPACE: namespace,
      'INPUT_HELM-RELEASE': RELEASE,
      'INPUT_GITHUB-TOKEN': github.token,
      INPUT_MODE: 'detect',
      INPUT_COMMENT: 'always',
      INPUT_ISSUE: 'auto',
      'INPUT_ISSUE-LABELS': 'kube-drift',
      'INPUT_FAIL-ON-DRIFT': 'true',
      'INPUT_FIELD-MANAGER': 'kube-drift',
      INPUT_CONCURRENCY: '8',
      INPUT_RENDERER: 'auto',
      'INPUT_HELM-LOOKUP': 'auto',
      ...inputs
    }
    const child = spawn(process.execPath, [path.join(REPO, 'src', 'index.ts')], {
      env,
      cwd: workspace
    })
    let log = ''
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()))
    const code = await new Promise<number | null>(done => child.on('close', done))
    return {
      code,
      log,
      outputs: readOutputs(output),
      summary: readFileSync(summary, 'utf8'),
      runnerTemp
    }
  }

  it(
    'on schedule: rendered with the cluster, in sync, no drift issue',
    async () => {
      const run = await step('schedule', schedulePayload())
      expect({ code: run.code, drift: run.outputs.drift, errors: run.outputs.errors }).toEqual({
        code: 0,
        drift: 'false',
        errors: '0'
      })
      expect(run.summary).toContain("rendered with the cluster's objects")
      // helm's kubeconfig file (under RUNNER_TEMP) is gone: only the report files are left.
      expect(readdirSync(run.runnerTemp)).toEqual(['kube-drift-report'])
      expect(github.store.issues.filter(issue => !issue.isPullRequest)).toEqual([])
    },
    TIMEOUT_MS
  )

  it(
    'on pull_request without opt-in: in sync, and the comment says the chart uses lookup and what is not compared',
    async () => {
      const run = await step(
        'pull_request',
        pullRequestPayload({ number: pr, baseSha: sha, headSha: sha })
      )
      expect({ code: run.code, drift: run.outputs.drift, errors: run.outputs.errors }).toEqual({
        code: 0,
        drift: 'false',
        errors: '0'
      })
      const comments = github.store.comments.filter(comment => comment.issueNumber === pr)
      expect(comments).toHaveLength(1)
      const body = comments[0]?.body ?? ''
      // Markdown-escaped in the comment.
      expect(body).toContain(
        '> ℹ️ The chart uses lookup (keeper/charts/keeper-lib/templates/\\_password.tpl) and was rendered without the cluster: helm-lookup is off for this target.'
      )
      expect(body).toContain(
        `Secret ${SECRET} /data/password; Deployment ${DEPLOYMENT} /spec/template/metadata/annotations/checksum\\~1credentials.`
      )
      expect(run.log).not.toContain('--dry-run=server')
    },
    TIMEOUT_MS
  )
})
