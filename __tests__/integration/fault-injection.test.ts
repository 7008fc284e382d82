// Fault injection (issue 9): kube-drift's source CLI and action, started as
// processes, talk to the REAL API server through a proxy that breaks chosen
// requests (test/cluster/fault-proxy.ts). For every fault the test asserts the
// exit code, each verdict and the message. Nothing that was not really
// compared is ever InSync, and on `schedule` no fault closes the drift issue:
// it stays open, its body updated with the error.
//
// Each run's exit code, wall time and verdicts go into a table printed at the
// end (and written to $KUBE_DRIFT_FAULT_TABLE when set).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { issueTitle } from '../../src/github/bodies.ts'
import { issueMarker } from '../../src/github/markers.ts'
import type { DriftReport, ResourceResult } from '../../src/types.ts'
import { answers, startFaultProxy } from '../../test/cluster/fault-proxy.ts'
import type { FaultProxy, FaultRule } from '../../test/cluster/fault-proxy.ts'
import { ACTIONS_BOT } from '../../test/github/entities.ts'
import { startGitHubStandIn, type GitHubStandIn } from '../../test/github/stand-in.ts'
import { readOutputs, schedulePayload } from '../unit/github/runner-files.ts'
import { createNamespace, deleteNamespace } from './cluster-env.ts'
import { kubectl } from './harness.ts'
import { adminCredentials, writeKubeconfig } from './kubeconfigs.ts'

const CLI = resolve('src/cli.ts')
const ACTION = resolve('src/index.ts')
const TARGET = 'deploy'
const SLOW_MS = 90_000

interface Run {
  code: number | null
  stdout: string
  stderr: string
  seconds: number
  report?: DriftReport
}

/** `Kind/name: Verdict`, the way the table and the assertions read them. */
function verdictsOf(report: DriftReport | undefined): Record<string, string> {
  const found: Record<string, string> = {}
  for (const r of report?.targets.flatMap(t => t.resources) ?? []) {
    found[`${r.kind}/${r.name}`] = r.status
  }
  return found
}

function resultOf(run: Run, key: string): ResourceResult {
  const found = run.report?.targets
    .flatMap(t => t.resources)
    .find(r => `${r.kind}/${r.name}` === key)
  if (!found) throw new Error(`no ${key} in ${JSON.stringify(verdictsOf(run.report))}`)
  return found
}

const table: string[] = []
function record(name: string, run: Run): void {
  const verdicts = Object.entries(verdictsOf(run.report))
  const counts = new Map<string, number>()
  for (const [, status] of verdicts) counts.set(status, (counts.get(status) ?? 0) + 1)
  const summary = run.report
    ? [...counts].map(([status, n]) => `${n} ${status}`).join(', ') +
      ` (${verdicts
        .filter(([, s]) => s !== 'InSync')
        .map(([k, s]) => `${k} ${s}`)
        .join('; ')})`
    : 'no report: the run stopped'
  table.push(`| ${name} | ${run.code} | ${run.seconds.toFixed(1)} s | ${summary} |`)
}

function spawnNode(
  script: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {}
): Promise<Run> {
  const started = performance.now()
  const child = spawn(process.execPath, [script, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise(done =>
    child.on('close', code => {
      done({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 })
    })
  )
}

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(ready => server.listen(0, '127.0.0.1', ready))
  const { port } = server.address() as AddressInfo
  await new Promise<void>(closed => server.close(() => closed()))
  return port
}

function manifests(ns: string, label: string): string {
  const meta = (name: string) =>
    `metadata:\n  name: ${name}\n  namespace: ${ns}\n  labels: { kube-drift.test/faults: ${label} }`
  const cm = (name: string) =>
    `apiVersion: v1\nkind: ConfigMap\n${meta(name)}\ndata: { k: "${name}" }`
  return [
    cm('cm-a'),
    cm('cm-b'),
    cm('cm-c'),
    `apiVersion: v1\nkind: ServiceAccount\n${meta('sa')}`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n${meta('role')}\nrules: [{ apiGroups: [""], resources: [configmaps], verbs: [get] }]`,
    `apiVersion: faults.drift.test/v1\nkind: Widget\n${meta('w')}\nspec: { size: 1 }`
  ].join('\n---\n')
}

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.faults.drift.test }
spec:
  group: faults.drift.test
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, properties: { size: { type: integer } } }
`

describe('fault injection between kube-drift and the API server', () => {
  let proxy: FaultProxy
  let github: GitHubStandIn
  let ns: string
  let label: string
  let workspace: string
  let proxyKubeconfig: string
  const scratch: string[] = []
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    scratch.push(dir)
    return dir
  }

  beforeAll(async () => {
    ns = await createNamespace('faults')
    label = ns
    kubectl(['apply', '--server-side', '-f', '-'], { input: CRD })
    kubectl(['wait', '--for=condition=Established', 'crd/widgets.faults.drift.test'])
    workspace = tempDir('kube-drift-faults-')
    mkdirSync(join(workspace, TARGET))
    writeFileSync(join(workspace, TARGET, 'all.yaml'), manifests(ns, label))
    // Deployed by kube-drift's field manager: in sync, so any other verdict comes from a fault.
    kubectl([
      'apply',
      '--server-side',
      '--field-manager=kube-drift',
      '-f',
      join(workspace, TARGET, 'all.yaml')
    ])
    const admin = adminCredentials()
    proxy = await startFaultProxy({
      server: admin.server,
      ca: admin.ca,
      cert: admin.cert,
      key: admin.key
    })
    proxyKubeconfig = writeKubeconfig(
      'proxy',
      { server: proxy.url, 'insecure-skip-tls-verify': true },
      {}
    )
    github = await startGitHubStandIn()
  }, SLOW_MS)

  afterAll(async () => {
    await proxy?.close()
    await github?.close()
    if (ns) await deleteNamespace(ns)
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
    const text = [
      '| case | exit | wall time | verdicts |',
      '| --- | --- | --- | --- |',
      ...table
    ].join('\n')
    if (process.env.KUBE_DRIFT_FAULT_TABLE) writeFileSync(process.env.KUBE_DRIFT_FAULT_TABLE, text)
    process.stderr.write(`\n${text}\n`)
  }, SLOW_MS)

  const paths = () => ({
    sa: new RegExp(`^/api/v1/namespaces/${ns}/serviceaccounts/sa(\\?|$)`),
    widget: new RegExp(`^/apis/faults\\.drift\\.test/v1/namespaces/${ns}/widgets/w(\\?|$)`),
    liveList: new RegExp(`^/api/v1/namespaces/${ns}/configmaps\\?(?!.*labelSelector)`),
    extraList: /^\/api\/v1\/configmaps\?.*labelSelector=/,
    anyExtraList: /\/configmaps\?.*labelSelector=/,
    cmA: new RegExp(`^/api/v1/namespaces/${ns}/configmaps/cm-a\\?`)
  })
  const selector = () => `kube-drift.test/faults=${label}`
  const ALL_IN_SYNC = {
    'ConfigMap/cm-a': 'InSync',
    'ConfigMap/cm-b': 'InSync',
    'ConfigMap/cm-c': 'InSync',
    'ServiceAccount/sa': 'InSync',
    'Role/role': 'InSync',
    'Widget/w': 'InSync'
  }
  const inSyncBut = (changes: Record<string, string>) => ({ ...ALL_IN_SYNC, ...changes })

  /** The source CLI, as a user runs it, through the proxy with the given faults. */
  async function check(
    name: string,
    rules: FaultRule[],
    options: { args?: string[]; kubeconfig?: string } = {}
  ): Promise<Run> {
    proxy.inject(rules)
    const run = await spawnNode(
      CLI,
      [
        'check',
        '--path',
        TARGET,
        '--selector',
        selector(),
        '--kubeconfig',
        options.kubeconfig ?? proxyKubeconfig,
        '--timeout',
        '2',
        '--quiet',
        '-o',
        'json',
        ...(options.args ?? [])
      ],
      { cwd: workspace }
    )
    if (run.stdout.trim()) run.report = JSON.parse(run.stdout) as DriftReport
    record(name, run)
    return run
  }

  const count = (pattern: RegExp) => proxy.seen.filter(r => pattern.test(r.url)).length
  /** Seconds between consecutive requests matching the pattern: the waits before each retry. */
  const gaps = (pattern: RegExp) => {
    const times = proxy.seen.filter(r => pattern.test(r.url)).map(r => r.at)
    return times.slice(1).map((at, i) => (at - (times[i] as number)) / 1000)
  }

  describe('the CLI: verdicts, exit code and message per fault', () => {
    it('no fault: everything in sync, exit 0 (the baseline every case departs from)', async () => {
      const run = await check('no fault', [])
      expect(run.code).toBe(0)
      expect(verdictsOf(run.report)).toEqual(ALL_IN_SYNC)
    })

    it('refused connections: nothing listens, the run stops with exit 1 naming the server', async () => {
      const port = await closedPort()
      const kubeconfig = writeKubeconfig(
        'refused',
        { server: `http://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true },
        {}
      )
      const run = await check('refused connection (nothing listening)', [], { kubeconfig })
      expect(run.code).toBe(1)
      expect(run.report).toBeUndefined()
      expect(run.stderr).toMatch(
        new RegExp(
          `kube-drift: error: cannot reach the Kubernetes API server http://127\\.0\\.0\\.1:${port}: the connection failed \\(ECONNREFUSED`
        )
      )
    })

    it('a connection reset on every GET of one object: that object is an Error, the rest keep their verdicts', async () => {
      const run = await check('reset on one GET, every time', [
        { method: 'GET', path: paths().sa, fault: { kind: 'reset' } }
      ])
      expect(run.code).toBe(1)
      expect(verdictsOf(run.report)).toEqual(inSyncBut({ 'ServiceAccount/sa': 'Error' }))
      expect(resultOf(run, 'ServiceAccount/sa').error).toMatch(
        new RegExp(
          `^GET /api/v1/namespaces/${ns}/serviceaccounts/sa to http://127\\.0\\.0\\.1:\\d+: the connection failed`
        )
      )
      expect(count(paths().sa)).toBe(5)
    })

    it('a connection reset once is retried: in sync, exit 0', async () => {
      const run = await check('reset on one GET, once', [
        { method: 'GET', path: paths().sa, nth: [1], fault: { kind: 'reset' } }
      ])
      expect(run.code).toBe(0)
      expect(verdictsOf(run.report)).toEqual(ALL_IN_SYNC)
      expect(count(paths().sa)).toBe(2)
    })

    it('a GET that hangs past --timeout: tried twice, then an Error for that object only', async () => {
      const run = await check('hang on one GET, every time (--timeout 2)', [
        { method: 'GET', path: paths().widget, fault: { kind: 'hang' } }
      ])
      expect(run.code).toBe(1)
      expect(verdictsOf(run.report)).toEqual(inSyncBut({ 'Widget/w': 'Error' }))
      expect(resultOf(run, 'Widget/w').error).toMatch(
        /^GET \/apis\/faults\.drift\.test\/v1\/namespaces\/.*\/widgets\/w to .*: no complete answer within 2 s \(--timeout\)$/
      )
      expect(count(paths().widget)).toBe(2)
    })

    it('a GET that hangs once is retried: in sync, exit 0', async () => {
      const run = await check('hang on one GET, once', [
        { method: 'GET', path: paths().widget, nth: [1], fault: { kind: 'hang' } }
      ])
      expect(run.code).toBe(0)
      expect(verdictsOf(run.report)).toEqual(ALL_IN_SYNC)
    })

    it('a reset in the middle of the body: an Error naming the request', async () => {
      const run = await check('reset mid-body on one GET', [
        { method: 'GET', path: paths().sa, fault: { kind: 'reset-mid-body' } }
      ])
      expect(run.code).toBe(1)
      expect(verdictsOf(run.report)).toEqual(inSyncBut({ 'ServiceAccount/sa': 'Error' }))
      expect(resultOf(run, 'ServiceAccount/sa').error).toMatch(
        /^GET \/api\/v1\/namespaces\/.*\/serviceaccounts\/sa to .*: the connection failed/
      )
    })

    it('a truncated body every time: retried, then an Error naming the request', async () => {
      const run = await check('truncated body on one GET, every time', [
        { method: 'GET', path: paths().sa, fault: { kind: 'truncate' } }
      ])
      expect(run.code).toBe(1)
      expect(verdictsOf(run.report)).toEqual(inSyncBut({ 'ServiceAccount/sa': 'Error' }))
      expect(resultOf(run, 'ServiceAccount/sa').error).toMatch(
        /^GET \/api\/v1\/namespaces\/.*\/serviceaccounts\/sa to .*: the answer is not complete JSON \(/
      )
      expect(count(paths().sa)).toBe(5)
    })

    it('a truncated body once is retried like a broken connection: in sync', async () => {
      const run = await check('truncated body on one GET, once', [
        { method: 'GET', path: paths().sa, nth: [1], fault: { kind: 'truncate' } }
      ])
      expect(run.code).toBe(0)
      expect(verdictsOf(run.report)).toEqual(ALL_IN_SYNC)
    })

    it('an empty 200 body is an Error, never an object without fields', async () => {
      const run = await check('empty 200 body to one GET', [
        { method: 'GET', path: paths().sa, fault: answers.empty }
      ])
      expect(run.code).toBe(1)
      expect(verdictsOf(run.report)).toEqual(inSyncBut({ 'ServiceAccount/sa': 'Error' }))
      expect(resultOf(run, 'ServiceAccount/sa').error).toMatch(
        /: the answer is empty \(HTTP 200\)$/
      )
    })

    it('an object without kind and metadata is a malformed answer', async () => {
      const run = await check('`{}` to one GET', [
        { method: 'GET', path: paths().sa, fault: answers.json({}) }
      ])
      expect(run.code).toBe(1)
      expect(resultOf(run, 'ServiceAccount/sa').error).toMatch(
        /^GET \/api\/v1\/namespaces\/.*\/serviceaccounts\/sa to .*: malformed answer: the object has no kind, metadata$/
      )
    })

    it('`{}` to the LIST that reads live objects: each is read by its own GET instead, really compared', async () => {
      const run = await check('`{}` to the live-state LIST', [
        { method: 'GET', path: paths().liveList, fault: answers.json({}) }
      ])
      expect(run.code).toBe(0)
      expect(verdictsOf(run.report)).toEqual(ALL_IN_SYNC)
      for (const name of ['cm-a', 'cm-b', 'cm-c']) {
        expect(count(new RegExp(`/namespaces/${ns}/configmaps/${name}(\\?|$)`))).toBe(1)
      }
    })

    it('a LIST that leaves the objects out: each is read by its own GET, never Missing without a NotFound', async () => {
      const run = await check('empty items in the LIST that reads live objects', [
        {
          method: 'GET',
          path: paths().liveList,
          fault: answers.json({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: {}, items: [] })
        }
      ])
      expect(run.code).toBe(0)
      expect(verdictsOf(run.report)).toEqual(ALL_IN_SYNC)
      for (const name of ['cm-a', 'cm-b', 'cm-c']) {
        expect(count(new RegExp(`/namespaces/${ns}/configmaps/${name}(\\?|$)`))).toBe(1)
      }
    })

    it('`{}` to the Extra search: an Error that counts, never "no extras"', async () => {
      const run = await check('`{}` to the Extra-search LIST', [
        { method: 'GET', path: paths().extraList, fault: answers.json({}) }
      ])
      expect(run.code).toBe(1)
      expect(verdictsOf(run.report)).toEqual(inSyncBut({ 'ConfigMap/*': 'Error' }))
      expect(run.report?.summary.errors).toBe(1)
      expect(resultOf(run, 'ConfigMap/*').error).toMatch(
        /^the search for extra ConfigMap objects \(selector kube-drift\.test\/faults=.*\) failed, so objects in the cluster but not in Git may be missed: GET \/api\/v1\/configmaps\?limit=500&labelSelector=.* malformed answer: the list has no items array$/
      )
    })

    it('a truncated Extra search answer: retried, then an Error', async () => {
      const run = await check('truncated Extra-search LIST, every time', [
        { method: 'GET', path: paths().extraList, fault: { kind: 'truncate' } }
      ])
      expect(run.code).toBe(1)
      expect(verdictsOf(run.report)).toEqual(inSyncBut({ 'ConfigMap/*': 'Error' }))
      expect(resultOf(run, 'ConfigMap/*').error).toMatch(/the answer is not complete JSON/)
    })

    it('a plain-text 404 on a custom resource is an Error, not Missing', async () => {
      const run = await check('plain-text 404 on a custom resource GET', [
        { method: 'GET', path: paths().widget, fault: answers.plainNotFound }
      ])
      expect(run.code).toBe(1)
      expect(verdictsOf(run.report)).toEqual(inSyncBut({ 'Widget/w': 'Error' }))
      expect(resultOf(run, 'Widget/w').error).toMatch(
        /^the API server answered 404 to GET \/apis\/faults\.drift\.test\/v1\/namespaces\/.*\/widgets\/w: no Kubernetes Status in the answer, the body says "404 page not found"$/
      )
    })

    it('a Kubernetes Status 404 NotFound is what "missing" means', async () => {
      const run = await check('Status 404 NotFound on a custom resource GET', [
        {
          method: 'GET',
          path: paths().widget,
          fault: answers.status(404, 'NotFound', 'widgets.faults.drift.test "w" not found')
        }
      ])
      expect(run.code).toBe(2)
      expect(verdictsOf(run.report)).toEqual(inSyncBut({ 'Widget/w': 'Missing' }))
    })

    it('a plain 404 on discovery (/apis) blames no CRD: built-in and custom kinds are Errors naming the request', async () => {
      const run = await check('plain-text 404 on discovery /apis', [
        { method: 'GET', path: /^\/apis(\?|$)/, fault: answers.plainNotFound }
      ])
      expect(run.code).toBe(1)
      expect(verdictsOf(run.report)).toEqual(
        inSyncBut({ 'Role/role': 'Error', 'Widget/w': 'Error' })
      )
      const role = resultOf(run, 'Role/role').error ?? ''
      expect(role).toMatch(
        /^cannot tell which resource serves Role in rbac\.authorization\.k8s\.io\/v1: API discovery failed \(GET \/apis: HTTP 404 no Kubernetes Status in the answer/
      )
      expect(role).not.toMatch(/CustomResourceDefinition/)
      expect(resultOf(run, 'Widget/w').error).not.toMatch(/CustomResourceDefinition/)
    })

    it('429 and 503 with Retry-After: 1 are waited for, then succeed', async () => {
      const run = await check('429 then 503, Retry-After: 1, then recovery', [
        {
          method: 'GET',
          path: paths().sa,
          nth: [1],
          fault: answers.status(429, 'TooManyRequests', 'slow down', { 'retry-after': '1' })
        },
        {
          method: 'GET',
          path: paths().sa,
          nth: [2],
          fault: answers.status(503, 'ServiceUnavailable', 'busy', { 'retry-after': '1' })
        }
      ])
      expect(run.code).toBe(0)
      expect(verdictsOf(run.report)).toEqual(ALL_IN_SYNC)
      expect(count(paths().sa)).toBe(3)
      // A second before each retry, as asked; the plain backoff would wait 0.25 s, then 0.5 s.
      for (const gap of gaps(paths().sa)) expect(gap).toBeGreaterThanOrEqual(0.95)
    })

    it('503 (Retry-After: 1) on every Extra search LIST: an Error after the retries, exit 1', async () => {
      const run = await check('503 with Retry-After on the Extra-search LIST, every time', [
        {
          method: 'GET',
          path: paths().extraList,
          fault: answers.status(503, 'ServiceUnavailable', 'the server is busy', {
            'retry-after': '1'
          })
        }
      ])
      expect(run.code).toBe(1)
      expect(verdictsOf(run.report)).toEqual(inSyncBut({ 'ConfigMap/*': 'Error' }))
      expect(resultOf(run, 'ConfigMap/*').error).toMatch(
        /failed, so objects in the cluster but not in Git may be missed: the API server answered 503 ServiceUnavailable to GET \/api\/v1\/configmaps\?limit=500&labelSelector=.*: the server is busy$/
      )
      expect(count(paths().extraList)).toBe(5)
      const waits = gaps(paths().extraList)
      expect(waits).toHaveLength(4)
      for (const gap of waits) expect(gap).toBeGreaterThanOrEqual(0.95)
    })

    it('a burst of 500s then recovery: retried, in sync', async () => {
      const run = await check('three 500s on the live-state LIST, then recovery', [
        {
          method: 'GET',
          path: paths().liveList,
          nth: [1, 2, 3],
          fault: answers.status(500, 'InternalError', 'etcd leader changed')
        }
      ])
      expect(run.code).toBe(0)
      expect(verdictsOf(run.report)).toEqual(ALL_IN_SYNC)
      expect(count(paths().liveList)).toBe(4)
    })

    it('403 on the Extra search, cluster-wide and in the namespace: an Error naming verb, resource and rule', async () => {
      const run = await check('403 on the Extra-search LIST (cluster-wide and namespace)', [
        {
          method: 'GET',
          path: paths().anyExtraList,
          fault: answers.status(
            403,
            'Forbidden',
            'configmaps is forbidden: User "system:serviceaccount:ci:kube-drift" cannot list resource "configmaps" in API group "" at the cluster scope'
          )
        }
      ])
      expect(run.code).toBe(1)
      expect(verdictsOf(run.report)).toEqual(inSyncBut({ 'ConfigMap/*': 'Error' }))
      expect(resultOf(run, 'ConfigMap/*').error).toMatch(
        /forbidden: identity "system:serviceaccount:ci:kube-drift" may not list configmaps in namespace faults-[0-9a-f]+; grant it with a Role in that namespace rule \{apiGroups: \[""\], resources: \["configmaps"\], verbs: \["list"\]\}$/
      )
    })

    it('403 on the cluster-wide Extra search only: searched in the target namespaces, and the report says so', async () => {
      const run = await check('403 on the cluster-wide Extra-search LIST only', [
        {
          method: 'GET',
          path: paths().extraList,
          fault: answers.status(403, 'Forbidden', 'configmaps is forbidden')
        }
      ])
      expect(run.code).toBe(0)
      expect(verdictsOf(run.report)).toEqual(ALL_IN_SYNC)
      expect(run.report?.targets[0]?.notes.join('\n')).toMatch(
        new RegExp(
          `Extra ConfigMap objects were searched for only in the target's namespaces \\(${ns}\\)`
        )
      )
      expect(count(new RegExp(`^/api/v1/namespaces/${ns}/configmaps\\?.*labelSelector=`))).toBe(1)
    })

    it('a selector the server rejects (400) stops the run before anything is compared', async () => {
      const run = await check('400 for the selector on the Extra-search LIST', [
        {
          method: 'GET',
          path: paths().anyExtraList,
          fault: answers.status(
            400,
            'BadRequest',
            "unable to parse requirement: found 'x', expected: '=', '!=', '==', 'in', notin'"
          )
        }
      ])
      expect(run.code).toBe(1)
      expect(run.report).toBeUndefined()
      expect(run.stderr).toMatch(
        /kube-drift: error: the API server rejected the label selector "kube-drift\.test\/faults=.*" \(GET \/api\/v1\/configmaps\?limit=500&labelSelector=.*\): unable to parse requirement/
      )
      // Nothing of the target's own objects was read or dry-run.
      expect(proxy.seen.filter(r => r.url.includes(`/namespaces/${ns}/`))).toEqual([])
    })

    it('an invalid selector is a usage error before any request', async () => {
      const run = await check('invalid selector (checked locally)', [], {
        args: ['--selector', 'app in web']
      })
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(
        'kube-drift: error: target deploy: invalid label selector "app in web": "in" needs a parenthesised list of values'
      )
      expect(proxy.seen).toEqual([])
    })

    it('a 401 names the server, the context and the user, with a hint', async () => {
      const run = await check('401 Unauthorized on /version', [
        { path: /^\/version/, fault: answers.status(401, 'Unauthorized', 'Unauthorized') }
      ])
      expect(run.code).toBe(1)
      expect(run.report).toBeUndefined()
      expect(run.stderr).toMatch(
        /kube-drift: error: the API server http:\/\/127\.0\.0\.1:\d+ refused the credentials of user "proxy" \(context "proxy"\): Unauthorized\. Hint: the token or client certificate is expired, revoked or meant for another cluster/
      )
      expect(count(/^\/version/)).toBe(1)
    })

    it('a dry-run an admission webhook denies: an Error naming the webhook', async () => {
      const run = await check(
        'webhook denies the dry-run (--always-dry-run)',
        [
          {
            method: 'PATCH',
            path: paths().cmA,
            fault: answers.status(
              400,
              'BadRequest',
              'admission webhook "policy.example.com" denied the request: label team is required'
            )
          }
        ],
        { args: ['--always-dry-run'] }
      )
      expect(run.code).toBe(1)
      expect(verdictsOf(run.report)).toEqual(inSyncBut({ 'ConfigMap/cm-a': 'Error' }))
      expect(resultOf(run, 'ConfigMap/cm-a').error).toMatch(
        /^admission webhook "policy\.example\.com" refused the request \(HTTP 400 to PATCH \/api\/v1\/namespaces\/.*\/configmaps\/cm-a\?fieldManager=kube-drift&force=true&dryRun=All\): admission webhook "policy\.example\.com" denied the request: label team is required$/
      )
    })

    it('a webhook that does not support dry-run: that object is compared locally, with a note', async () => {
      const run = await check(
        'webhook without dry-run support (--always-dry-run)',
        [
          {
            method: 'PATCH',
            path: paths().cmA,
            fault: answers.status(
              400,
              'BadRequest',
              'admission webhook "sidecar.example.com" does not support dry run'
            )
          }
        ],
        { args: ['--always-dry-run'] }
      )
      expect(run.code).toBe(0)
      expect(verdictsOf(run.report)).toEqual(ALL_IN_SYNC)
      expect(resultOf(run, 'ConfigMap/cm-a').method).toBe('local')
      expect(run.report?.targets[0]?.comparison).toBe('mixed')
      expect(run.report?.targets[0]?.notes.join('\n')).toMatch(
        /ConfigMap faults-[0-9a-f]+\/cm-a: compared locally \(desired fields against live\), not by the server's dry-run: admission webhook "sidecar\.example\.com" refused the request/
      )
    })

    it('a failing exec credential plugin is run once and named with the last line of its stderr', async () => {
      const dir = tempDir('kube-drift-exec-')
      const counter = join(dir, 'runs')
      const kubeconfig = writeKubeconfig(
        'exec',
        { server: proxy.url, 'insecure-skip-tls-verify': true },
        {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: '/bin/sh',
            args: [
              '-c',
              `echo run >> ${counter}; echo "refreshing token" >&2; echo "error: the SSO session has expired" >&2; exit 1`
            ]
          }
        }
      )
      const run = await check('exec credential plugin fails', [], { kubeconfig })
      expect(run.code).toBe(1)
      expect(run.stderr).toBe(
        'kube-drift: error: the credential plugin "/bin/sh" of user "exec" (context "exec") failed: error: the SSO session has expired\n'
      )
      expect(readFileSync(counter, 'utf8')).toBe('run\n')
      expect(proxy.seen).toEqual([])
    })

    it('a bad token against the real server: 401 names server, context, user and a hint', async () => {
      const admin = adminCredentials()
      const kubeconfig = writeKubeconfig(
        'bad-token',
        { server: admin.server, 'certificate-authority-data': admin.ca.toString('base64') },
        { token: 'not-a-valid-token' }
      )
      const run = await check('bad token (real API server, no proxy)', [], { kubeconfig })
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(
        /^kube-drift: error: the API server https:\/\/127\.0\.0\.1:\d+ refused the credentials of user "bad-token" \(context "bad-token"\): Unauthorized\. Hint: /
      )
      expect(run.stderr).not.toContain('not-a-valid-token')
    })
  })

  it(
    'a dry-run refused by the RBAC escalation check: compared locally, the note says "escalate" is needed',
    async () => {
      const role = `fault-escalation-${ns}`
      const editor = `fault-role-editor-${ns}`
      kubectl(['apply', '--server-side', '-f', '-'], {
        input: `apiVersion: v1
kind: ServiceAccount
metadata: { name: role-editor, namespace: ${ns} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ${editor} }
rules: [{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [get, list, patch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${editor} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${editor} }
subjects: [{ kind: ServiceAccount, name: role-editor, namespace: ${ns} }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ${role} }
rules: [{ apiGroups: [""], resources: [configmaps], verbs: [get] }]
`
      })
      const dir = tempDir('kube-drift-escalation-')
      // Git grants Secrets too, which the identity running kube-drift does not hold itself.
      writeFileSync(
        join(dir, 'role.yaml'),
        `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ${role} }
rules:
  - { apiGroups: [""], resources: [configmaps], verbs: [get] }
  - { apiGroups: [""], resources: [secrets], verbs: [get] }
`
      )
      const token = kubectl(['-n', ns, 'create', 'token', 'role-editor']).trim()
      const admin = adminCredentials()
      const kubeconfig = writeKubeconfig(
        'role-editor',
        { server: admin.server, 'certificate-authority-data': admin.ca.toString('base64') },
        { token }
      )
      const run = await spawnNode(CLI, [
        'check',
        '--path',
        dir,
        '--kubeconfig',
        kubeconfig,
        '--quiet',
        '-o',
        'json'
      ])
      run.report = JSON.parse(run.stdout) as DriftReport
      record('RBAC escalation check refuses the dry-run (real API server)', run)
      expect(run.code).toBe(2)
      const result = resultOf(run, `ClusterRole/${role}`)
      expect(result.status).toBe('Drifted')
      expect(result.method).toBe('local')
      const notes = run.report.targets[0]?.notes.join('\n') ?? ''
      expect(notes).toContain(
        `ClusterRole ${role}: compared locally (desired fields against live), not by the server's dry-run: the RBAC escalation check refused the dry-run: identity "system:serviceaccount:${ns}:role-editor" does not hold every permission this role grants (aggregated or wider rules); the server can compare it only with "escalate" (rule {apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["escalate"]})`
      )
      expect(notes).not.toMatch(/may not patch/)
      kubectl(['delete', 'clusterrole', role, editor])
      kubectl(['delete', 'clusterrolebinding', editor])
    },
    SLOW_MS
  )

  describe('on schedule, no fault closes the drift issue', () => {
    const issues = () => github.store.issues.filter(issue => !issue.isPullRequest)

    /** An open drift issue of the target, as an earlier run left it. */
    function openIssue(): number {
      const open = issues().find(issue => issue.state === 'open')
      if (open) return open.number
      return github.store.addIssue({
        title: issueTitle(TARGET),
        body: `${issueMarker(TARGET)}\n\nDrift found by an earlier run.`,
        user: ACTIONS_BOT,
        labels: ['kube-drift']
      }).number
    }

    /** The source action, started as the runner starts it, on `schedule`. */
    async function scheduled(name: string, rules: FaultRule[], kubeconfig = proxyKubeconfig) {
      const files = tempDir('kube-drift-faults-runner-')
      const event = join(files, 'event.json')
      const output = join(files, 'output')
      const summary = join(files, 'summary.md')
      writeFileSync(event, JSON.stringify(schedulePayload()))
      writeFileSync(output, '')
      writeFileSync(summary, '')
      proxy.inject(rules)
      const run = await spawnNode(ACTION, [], {
        cwd: workspace,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          GITHUB_ACTIONS: 'true',
          GITHUB_EVENT_NAME: 'schedule',
          GITHUB_EVENT_PATH: event,
          GITHUB_OUTPUT: output,
          GITHUB_STEP_SUMMARY: summary,
          GITHUB_WORKSPACE: workspace,
          GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
          GITHUB_API_URL: github.url,
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_RUN_ID: '77',
          GITHUB_SHA: 'a'.repeat(40),
          RUNNER_TEMP: files,
          INPUT_KUBECONFIG: readFileSync(kubeconfig, 'utf8'),
          INPUT_PATH: TARGET,
          INPUT_SELECTOR: selector(),
          'INPUT_GITHUB-TOKEN': github.token,
          INPUT_MODE: 'detect',
          INPUT_COMMENT: 'auto',
          INPUT_ISSUE: 'auto',
          'INPUT_ISSUE-LABELS': 'kube-drift',
          'INPUT_FAIL-ON-DRIFT': 'false',
          'INPUT_FIELD-MANAGER': 'kube-drift',
          INPUT_CONCURRENCY: '4',
          INPUT_RENDERER: 'auto'
        }
      })
      table.push(
        `| action on schedule: ${name} | ${run.code} | ${run.seconds.toFixed(1)} s | errors output ${readOutputs(output).errors ?? '(none)'}; issue ${issues().find(i => i.state === 'open') ? 'open' : 'closed'} |`
      )
      return { ...run, outputs: readOutputs(output) }
    }

    const cases: [string, () => FaultRule[], RegExp][] = [
      [
        '`{}` to the Extra-search LIST',
        () => [{ method: 'GET', path: paths().extraList, fault: answers.json({}) }],
        /malformed answer: the list has no items array/
      ],
      [
        '503 on the Extra-search LIST',
        () => [
          {
            method: 'GET',
            path: paths().extraList,
            fault: answers.status(503, 'ServiceUnavailable', 'the server is busy', {
              'retry-after': '0'
            })
          }
        ],
        /503 ServiceUnavailable/
      ],
      [
        'plain 404 on the Extra-search LIST',
        () => [{ method: 'GET', path: paths().extraList, fault: answers.plainNotFound }],
        /no Kubernetes Status in the answer/
      ],
      [
        '403 on the Extra-search LIST',
        () => [
          {
            method: 'GET',
            path: paths().anyExtraList,
            fault: answers.status(403, 'Forbidden', 'configmaps is forbidden')
          }
        ],
        /may not list configmaps/
      ],
      [
        'truncated Extra-search LIST',
        () => [{ method: 'GET', path: paths().extraList, fault: { kind: 'truncate' } }],
        /the answer is not complete JSON/
      ],
      [
        'reset on one GET',
        () => [{ method: 'GET', path: paths().sa, fault: { kind: 'reset' } }],
        /the connection failed/
      ],
      [
        'empty body to one GET',
        () => [{ method: 'GET', path: paths().sa, fault: answers.empty }],
        /the answer is empty/
      ],
      [
        'plain 404 on a custom resource',
        () => [{ method: 'GET', path: paths().widget, fault: answers.plainNotFound }],
        /no Kubernetes Status in the answer/
      ],
      [
        'plain 404 on discovery /apis',
        () => [{ method: 'GET', path: /^\/apis(\?|$)/, fault: answers.plainNotFound }],
        /API discovery failed/
      ]
    ]

    it.each(cases)(
      '%s: exit 1, the issue stays open and its body names the error',
      async (name, rules, message) => {
        const number = openIssue()
        const run = await scheduled(name, rules())
        expect(run.code).toBe(1)
        expect(run.stdout).toMatch(/::error::kube-drift: \d+ resource\(s\) could not be compared/)
        expect(Number(run.outputs.errors)).toBeGreaterThan(0)
        const issue = github.store.issue(number)
        expect(issue?.state).toBe('open')
        expect(issues().filter(i => i.state === 'open')).toHaveLength(1)
        expect(issue?.body).toMatch(message)
        expect(github.violations).toEqual([])
      },
      SLOW_MS
    )

    it.each([
      [
        '400 for the selector',
        () => [
          {
            method: 'GET',
            path: paths().anyExtraList,
            fault: answers.status(400, 'BadRequest', 'unable to parse requirement')
          }
        ],
        /the API server rejected the label selector/
      ] as const,
      [
        '401 on /version',
        () => [{ path: /^\/version/, fault: answers.status(401, 'Unauthorized', 'Unauthorized') }],
        /refused the credentials of user "proxy"/
      ] as const
    ])(
      '%s: the run stops with exit 1, the issue stays open and its body names the error',
      async (name, rules, message) => {
        const number = openIssue()
        const before = github.store.issue(number)?.body
        const run = await scheduled(name, rules())
        expect(run.code).toBe(1)
        expect(run.stdout).toMatch(message)
        const issue = github.store.issue(number)
        expect(issue?.state).toBe('open')
        expect(issue?.body).not.toBe(before)
        expect(issue?.body).toMatch(message)
        expect(issue?.body).toMatch(/could not be compared|errors? in/i)
      },
      SLOW_MS
    )

    it(
      'control: without a fault the same run is in sync and closes the issue (so the cases above would see a close)',
      async () => {
        const number = openIssue()
        const run = await scheduled('no fault (control)', [])
        expect(run.code).toBe(0)
        expect(github.store.issue(number)?.state).toBe('closed')
      },
      SLOW_MS
    )
  })
})
