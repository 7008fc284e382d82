// DRIFT-CATALOGUE section A, rows "explicit zeros" and "atomic structs with
// defaults", in the read-only comparison: the reader identity may not patch, so
// kube-drift compares locally with the server's OpenAPI schema. Deployed three
// ways, nothing changed: zero false drift, in reader mode and in the default
// mode. Then real drift in those same fields: found in reader mode. And when the
// OpenAPI cannot be read, the local comparison says so and claims nothing more.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCheck } from '../../src/engine/check.ts'
import type { ResourceResult } from '../../src/types.ts'
import { check, helm, kubectl, manifestDir, verdicts } from './harness.ts'
import { adminCredentials, writeKubeconfig } from './kubeconfigs.ts'
import { gadgetCrd, schemaWorkloads } from './fixtures/catalogue-a-schema.ts'

// Every run reads the schemas into a fresh cache: nothing left by another run counts.
process.env.KUBE_DRIFT_CACHE_DIR = mkdtempSync(join(tmpdir(), 'kube-drift-cache-'))

type Deployer = 'kubectl apply' | 'kubectl apply --server-side' | 'helm install'
const deployers: Deployer[] = ['kubectl apply', 'kubectl apply --server-side', 'helm install']
const RESOURCES = 7
const WORKLOADS = ['Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob']
/** The rows of DRIFT-CATALOGUE section A these tests cover, and the kinds that show them. */
const ROWS: [string, string[]][] = [
  ['explicit zeros', WORKLOADS],
  ['atomic structs with defaults', [...WORKLOADS, 'Gadget']]
]

function deploy(how: Deployer, dir: string, release: string): void {
  if (how === 'kubectl apply') {
    kubectl(['apply', '-f', dir])
  } else if (how === 'kubectl apply --server-side') {
    kubectl(['apply', '--server-side', '-f', dir])
  } else {
    const chart = join(mkdtempSync(join(tmpdir(), 'kube-drift-chart-')), release)
    mkdirSync(join(chart, 'templates'), { recursive: true })
    writeFileSync(join(chart, 'Chart.yaml'), `apiVersion: v2\nname: ${release}\nversion: 0.1.0\n`)
    for (const file of readdirSync(dir)) {
      writeFileSync(join(chart, 'templates', file), readFileSync(join(dir, file)))
    }
    helm(['install', release, chart, '--namespace', 'default', '--wait=false'])
  }
}

async function settled(ns: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const revision = kubectl([
      '-n',
      ns,
      'get',
      'deployment',
      'web',
      '-o',
      'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}'
    ])
    if (revision) return
    await new Promise(resolve => setTimeout(resolve, 500))
  }
  throw new Error(`the deployment controller did not settle in ${ns}`)
}

/**
 * An Established CRD reaches the OpenAPI v3 index a moment later (the server's
 * OpenAPI controller publishes it asynchronously; slower on some releases).
 * Before that, kube-drift rightly compares without the schema and says so.
 */
async function publishedInOpenApi(group: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const index = JSON.parse(kubectl(['get', '--raw', '/openapi/v3'])) as {
      paths?: Record<string, unknown>
    }
    if (index.paths?.[`apis/${group}/v1`]) return
    await new Promise(resolve => setTimeout(resolve, 500))
  }
  throw new Error(`apis/${group}/v1 never appeared in /openapi/v3`)
}

function changedPaths(resource: ResourceResult): string[] {
  return resource.changes.map(change => change.path)
}

describe.each(deployers)('catalogue A with the schema: deployed with %s', how => {
  const slug = how.replace(/[^a-z]+/g, '-').replace(/-+$/, '')
  const ns = `as-${slug}`
  const group = `${slug}.schema.test`
  let dir: string

  beforeAll(async () => {
    kubectl(['apply', '--server-side', '-f', '-'], { input: gadgetCrd(group) })
    kubectl(['wait', '--for=condition=Established', `crd/gadgets.${group}`, '--timeout=60s'])
    await publishedInOpenApi(group)
    dir = manifestDir(schemaWorkloads(ns, group))
    deploy(how, dir, `schema-${slug}`.slice(0, 40))
    await settled(ns)
  })

  const modes = {
    'local comparison (read-only identity)': { context: 'reader', fastPath: true },
    'default (local proof, then server)': { context: 'differ', fastPath: true }
  } as const

  const results = new Map<string, ResourceResult[]>()

  it.each(Object.keys(modes))('finds every resource InSync: %s', async mode => {
    const { context, fastPath } = modes[mode as keyof typeof modes]
    const { resources, report } = await check({ paths: [dir], context, fastPath })
    results.set(mode, resources)
    expect(resources).toHaveLength(RESOURCES)
    expect(verdicts(resources.filter(r => r.status !== 'InSync'))).toEqual([])
    const notes = report.targets[0]?.notes.join('\n') ?? ''
    expect(notes).not.toMatch(/OpenAPI/)
    if (context === 'reader') expect(resources.every(r => r.method === 'local')).toBe(true)
  })

  // One named test per row of the catalogue's table.
  it.each(ROWS)('row %s: no false drift', (_row, kinds) => {
    expect(results.size).toBe(2)
    for (const [mode, resources] of results) {
      const row = resources.filter(r => kinds.includes(r.kind))
      expect(row).toHaveLength(kinds.length)
      expect([mode, verdicts(row.filter(r => r.status !== 'InSync'))]).toEqual([mode, []])
    }
  })

  it('finds real drift in those same fields in the local comparison', async () => {
    const patch = (kind: string, name: string, type: string, body: unknown) =>
      kubectl(['-n', ns, 'patch', kind, name, '--type', type, '-p', JSON.stringify(body)])
    const pod = '/spec/template/spec'
    // A plain zero set to something else, and a fieldRef pointed elsewhere.
    patch('deployment', 'web', 'json', [
      { op: 'replace', path: `${pod}/hostNetwork`, value: true },
      {
        op: 'replace',
        path: `${pod}/containers/0/env/0/valueFrom/fieldRef/fieldPath`,
        value: 'metadata.uid'
      }
    ])
    // A zero the server drops, now 5; a probe delay 0 now 3.
    patch('statefulset', 'db', 'json', [
      { op: 'replace', path: '/spec/minReadySeconds', value: 5 },
      { op: 'replace', path: `${pod}/containers/0/readinessProbe/initialDelaySeconds`, value: 3 }
    ])
    // A pointer field Git sets to false, removed: the server would keep false, so it is drift.
    patch('daemonset', 'agent', 'json', [
      { op: 'remove', path: `${pod}/automountServiceAccountToken` },
      {
        op: 'replace',
        path: `${pod}/containers/0/env/2/valueFrom/resourceFieldRef/divisor`,
        value: '1m'
      }
    ])
    // A server default inside an atomic struct, changed by hand.
    patch(`gadgets.${group}`, 'probe', 'merge', { spec: { target: { kind: 'StatefulSet' } } })

    for (const context of ['reader', 'differ'] as const) {
      const { resources, find } = await check({ paths: [dir], context })
      const expected: Record<string, RegExp[]> = {
        'Deployment/web': [/\/spec\/template\/spec\/hostNetwork$/, /\/env\/0\/valueFrom\/fieldRef/],
        'StatefulSet/db': [/^\/spec\/minReadySeconds$/, /\/readinessProbe\/initialDelaySeconds$/],
        'DaemonSet/agent': [
          /\/automountServiceAccountToken$/,
          /\/env\/2\/valueFrom\/resourceFieldRef/
        ],
        'Gadget/probe': [/^\/spec\/target/]
      }
      for (const [id, patterns] of Object.entries(expected)) {
        const [kind = '', name = ''] = id.split('/')
        const resource = find(kind, name)
        expect([context, id, resource.status]).toEqual([context, id, 'Drifted'])
        for (const pattern of patterns) {
          expect([context, id, changedPaths(resource).some(path => pattern.test(path))]).toEqual([
            context,
            id,
            true
          ])
        }
        if (context === 'reader') expect(resource.method).toBe('local')
      }
      // Nothing else drifted: the untouched Job and CronJob stay InSync.
      const others = resources.filter(r => r.kind === 'Job' || r.kind === 'CronJob')
      expect([context, verdicts(others.filter(r => r.status !== 'InSync'))]).toEqual([context, []])
    }
  })
})

describe('catalogue A with the schema: the OpenAPI cannot be read', () => {
  const ns = 'as-no-openapi'
  const group = 'no-openapi.schema.test'
  let dir: string
  let proxyUrl: string
  let close: () => void
  let openApiRequests = 0

  beforeAll(async () => {
    kubectl(['apply', '--server-side', '-f', '-'], { input: gadgetCrd(group) })
    kubectl(['wait', '--for=condition=Established', `crd/gadgets.${group}`, '--timeout=60s'])
    dir = manifestDir(schemaWorkloads(ns, group))
    deploy('kubectl apply --server-side', dir, 'unused')
    await settled(ns)
    // In front of the REAL API server: every PATCH (the dry-run) and every OpenAPI
    // read answered 403, as for an identity that may get and list and nothing else.
    const admin = adminCredentials()
    const server = createServer((req, res) => {
      const openApi = req.url?.startsWith('/openapi') === true
      if (openApi) openApiRequests++
      if (req.method === 'PATCH' || openApi) {
        res.writeHead(403, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({
            kind: 'Status',
            status: 'Failure',
            message: `forbidden: User "reader" cannot ${req.method === 'PATCH' ? 'patch resource' : 'get path'} (injected)`,
            reason: 'Forbidden',
            code: 403
          })
        )
        return
      }
      const upstream = httpsRequest(
        new URL(req.url ?? '/', admin.server),
        {
          method: req.method,
          headers: { ...req.headers, host: new URL(admin.server).host },
          ca: admin.ca,
          cert: admin.cert,
          key: admin.key
        },
        up => {
          res.writeHead(up.statusCode ?? 502, up.headers)
          up.pipe(res)
        }
      )
      upstream.on('error', error => {
        res.writeHead(502)
        res.end(String(error))
      })
      req.pipe(upstream)
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    close = () => server.close()
  })
  afterAll(() => close())

  it('says so, and the local comparison claims no more than without the schema', async () => {
    const kubeconfig = writeKubeconfig(
      'no-openapi',
      { server: proxyUrl, 'insecure-skip-tls-verify': true },
      {}
    )
    const { report } = await runCheck({
      kubeconfig: { path: kubeconfig },
      targets: [{ name: 't', renderer: 'plain', paths: [dir], ignore: [] }],
      fieldManager: 'kube-drift',
      concurrency: 2,
      cwd: '/'
    })
    const target = report.targets[0]
    expect(openApiRequests).toBeGreaterThan(0)
    expect(target?.notes.join('\n')).toMatch(
      /The server's OpenAPI schema could not be read \(reading \/openapi\/v3 failed: forbidden: .*\)/
    )
    const resources = target?.resources ?? []
    expect(resources).toHaveLength(RESOURCES)
    expect(resources.every(r => r.method === 'local')).toBe(true)
    // Without the schema, the zeros Git writes and the server drops still look like drift:
    // the comparison says what it cannot tell apart instead of guessing "in sync".
    const web = resources.find(r => r.kind === 'Deployment')
    expect(web?.status).toBe('Drifted')
    expect(changedPaths(web as ResourceResult)).toContain('/spec/template/spec/hostNetwork')
  })
})
