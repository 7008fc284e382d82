// DRIFT-CATALOGUE section C: failures come with a clear message, and nothing
// that failed is ever reported as in sync.
import { spawnSync } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { request as httpsRequest } from 'node:https'
import { join } from 'node:path'
import { runCheck } from '../../src/engine/check.ts'
import { check, kubectl, manifestDir } from './harness.ts'
import { adminCredentials, writeKubeconfig } from './kubeconfigs.ts'
import { baseApp } from './fixtures/catalogue-b.ts'

describe('catalogue C: errors', () => {
  it('C1: a kind whose CRD is not installed is an Error naming the kind and group', async () => {
    const dir = manifestDir({
      'gizmo.yaml':
        'apiVersion: nope.drift.test/v1\nkind: Gizmo\nmetadata:\n  name: g\n  namespace: default\nspec: {}\n',
      'cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1-present\n  namespace: default\ndata: {a: "1"}\n'
    })
    kubectl(['apply', '--server-side', '-f', join(dir, 'cm.yaml')])
    const { find, report } = await check({ paths: [dir] })
    const gizmo = find('Gizmo', 'g')
    expect(gizmo.status).toBe('Error')
    expect(gizmo.error).toContain('Gizmo')
    expect(gizmo.error).toContain('nope.drift.test')
    expect(gizmo.error).toMatch(/CustomResourceDefinition/)
    expect(find('ConfigMap', 'c1-present').status).toBe('InSync')
    expect(report.summary.errors).toBe(1)
  })

  it('C2: an identity that may not read a kind gets an Error naming the verb, the resource and the rule', async () => {
    kubectl(['apply', '--server-side', '-f', '-'], {
      input: `apiVersion: v1
kind: Namespace
metadata: { name: c2 }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: limited, namespace: c2 }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: cm-only, namespace: c2 }
rules: [{ apiGroups: [''], resources: [configmaps], verbs: [get, list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: cm-only, namespace: c2 }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: cm-only }
subjects: [{ kind: ServiceAccount, name: limited, namespace: c2 }]
`
    })
    const token = kubectl(['-n', 'c2', 'create', 'token', 'limited']).trim()
    const admin = adminCredentials()
    const kubeconfig = writeKubeconfig(
      'limited',
      { server: admin.server, 'certificate-authority-data': admin.ca.toString('base64') },
      { token }
    )
    const dir = manifestDir({
      'app.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: c2\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: a, image: x}]}\n'
    })
    const { report } = await runCheck({
      kubeconfig: { path: kubeconfig },
      targets: [{ name: 't', renderer: 'plain', paths: [dir], ignore: [] }],
      fieldManager: 'kube-drift',
      concurrency: 2,
      cwd: '/'
    })
    const api = report.targets[0]?.resources[0]
    expect(api?.status).toBe('Error')
    expect(api?.error).toContain('may not get deployments.apps in namespace c2')
    expect(api?.error).toContain('system:serviceaccount:c2:limited')
    expect(api?.error).toContain(
      '{apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"]}'
    )
    expect(report.summary.inSync).toBe(0)
  })

  it('C3: an identity that may read but not patch falls back to the local comparison, and the report says so', async () => {
    const dir = manifestDir(baseApp('c3'))
    kubectl(['apply', '--server-side', '--force-conflicts', '-f', dir])
    kubectl(['-n', 'c3', 'scale', 'deployment/api', '--replicas=4'])
    const { report, find } = await check({ paths: [dir], context: 'reader' })
    expect(find('Deployment', 'api').status).toBe('Drifted')
    expect(find('Deployment', 'api').method).toBe('local')
    expect(report.targets[0]?.comparison).toBe('local')
    expect(report.targets[0]?.notes.join('\n')).toContain(
      'identity "reader" may not patch deployments.apps in namespace c3'
    )
  })

  it('C4: malformed YAML fails before any cluster call, naming the file and line', async () => {
    const dir = manifestDir({
      'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n',
      'broken.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  a: [unclosed\n  b: 2\n'
    })
    // An unreachable server: were any call made, the error would be about the connection.
    const kubeconfig = writeKubeconfig('nowhere', { server: 'https://127.0.0.1:1' }, { token: 'x' })
    await expect(
      runCheck({
        kubeconfig: { path: kubeconfig },
        targets: [{ name: 't', renderer: 'plain', paths: [dir], ignore: [] }],
        fieldManager: 'kube-drift',
        concurrency: 1,
        cwd: dir
      })
    ).rejects.toThrow(/^broken\.yaml:\d+: /)
  })

  it('C5: the same resource twice fails, naming both places', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: twice\n  namespace: default\n'
    const dir = manifestDir({ 'a.yaml': cm, 'b.yaml': `# comment\n---\n${cm}` })
    await expect(check({ paths: [dir] })).rejects.toThrow(/a\.yaml:1.*b\.yaml:3/)
  })

  it('C6: an unreachable API server is exit 1 with a message naming the server, nothing in sync', () => {
    const kubeconfig = writeKubeconfig(
      'down',
      { server: 'https://127.0.0.1:9', 'insecure-skip-tls-verify': true },
      { token: 'x' }
    )
    const dir = manifestDir({
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n'
    })
    const result = spawnSync(
      process.execPath,
      ['dist/cli.js', 'check', '--path', dir, '--kubeconfig', kubeconfig, '--timeout', '2'],
      {
        encoding: 'utf8',
        cwd: join(import.meta.dirname, '..', '..')
      }
    )
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('cannot reach the Kubernetes API server https://127.0.0.1:9')
    expect(result.stdout).not.toMatch(/in sync/i)
  })

  it('C8: an immutable selector changed in Git is drift, and the report says applying would fail', async () => {
    const deployment = (selector: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: immutable
  namespace: default
spec:
  selector:
    matchLabels: {${selector}}
  template:
    metadata:
      labels: { app: immutable, tier: web }
    spec:
      containers: [{ name: app, image: registry.example.com/app:1 }]
`
    // Deployed with a wider selector than Git now has: the selector cannot change.
    kubectl(['apply', '--server-side', '-f', '-'], {
      input: deployment('app: immutable, tier: web')
    })
    const dir = manifestDir({ 'deployment.yaml': deployment('app: immutable') })
    for (const context of ['differ', 'reader'] as const) {
      const { find, report } = await check({ paths: [dir], context })
      const result = find('Deployment', 'immutable')
      expect([context, result.status]).not.toEqual([context, 'InSync'])
      // The selector is atomic: compared whole, its extra label is drift.
      expect(result.status).toBe('Drifted')
      expect(result.changes.map(c => c.path)).toContain('/spec/selector/matchLabels/tier')
      if (context === 'differ') {
        // And the server refused the apply: the report says applying Git would fail.
        expect(report.targets[0]?.notes.join('\n')).toMatch(
          /Deployment default\/immutable: applying Git would fail \(.*field is immutable.*\)/
        )
      }
    }
  })

  describe('C7: 429 and 5xx from the API server', () => {
    let proxyUrl: string
    let close: () => void
    const failures = new Map<string, number>()
    /** URL fragments whose PATCH (the dry-run) is refused with a 422, as an admission webhook would. */
    const refusedPatches = new Set<string>()
    let seen = 0

    beforeAll(async () => {
      // A fault-injecting proxy in front of the REAL API server: requests whose path
      // matches a rule are answered 429/503 as often as the rule says, the rest pass through.
      const admin = adminCredentials()
      const server = createServer((req, res) => {
        seen++
        if (req.method === 'PATCH' && [...refusedPatches].some(f => req.url?.includes(f))) {
          res.writeHead(422, { 'content-type': 'application/json' })
          res.end(
            JSON.stringify({
              kind: 'Status',
              status: 'Failure',
              message: 'admission webhook "policy.example.com" denied the request: injected',
              reason: 'Invalid',
              code: 422
            })
          )
          return
        }
        for (const [fragment, remaining] of failures) {
          if (req.url?.includes(fragment) && remaining !== 0) {
            failures.set(fragment, remaining - 1)
            const status = remaining % 2 === 0 ? 429 : 503
            res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' })
            res.end(
              JSON.stringify({
                kind: 'Status',
                status: 'Failure',
                message: 'injected',
                reason: status === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
                code: status
              })
            )
            return
          }
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
      kubectl(['apply', '--server-side', '-f', '-'], {
        input:
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flaky\n  namespace: default\ndata: {a: "1"}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n  namespace: default\ndata: {a: "1"}\n'
      })
    })
    afterAll(() => close())

    const run = async (fastPath = true) => {
      const kubeconfig = writeKubeconfig(
        'proxy',
        { server: proxyUrl, 'insecure-skip-tls-verify': true },
        {}
      )
      const dir = manifestDir({
        'cm.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flaky\n  namespace: default\ndata: {a: "1"}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n  namespace: default\ndata: {a: "1"}\n'
      })
      return runCheck({
        kubeconfig: { path: kubeconfig },
        targets: [{ name: 't', renderer: 'plain', paths: [dir], ignore: [] }],
        fieldManager: 'kube-drift',
        concurrency: 1,
        cwd: '/',
        fastPath
      })
    }

    it('retries with backoff and succeeds when the failures pass', async () => {
      failures.clear()
      failures.set('/configmaps/flaky', 3)
      seen = 0
      const { report } = await run()
      const flaky = report.targets[0]?.resources.find(r => r.name === 'flaky')
      expect(flaky?.status).toBe('InSync')
      expect(failures.get('/configmaps/flaky')).toBe(0)
      expect(seen).toBeGreaterThan(3)
    })

    it('reports an Error, never InSync, when they persist', async () => {
      failures.clear()
      failures.set('/configmaps/broken', -1)
      const { report } = await run()
      const broken = report.targets[0]?.resources.find(r => r.name === 'broken')
      expect(broken?.status).toBe('Error')
      expect(broken?.error).toMatch(/503|429/)
      expect(report.targets[0]?.resources.find(r => r.name === 'flaky')?.status).toBe('InSync')
    })

    it('a dry-run the server refuses is an Error even where the local view sees no difference', async () => {
      failures.clear()
      refusedPatches.add('/configmaps/flaky')
      try {
        // Every object through the dry-run: the refusal is what the server says of Git.
        const { report } = await run(false)
        const flaky = report.targets[0]?.resources.find(r => r.name === 'flaky')
        expect(flaky?.status).toBe('Error')
        expect(flaky?.error).toContain('denied the request')
        expect(report.targets[0]?.comparison).toBe('mixed')
        expect(report.targets[0]?.resources.find(r => r.name === 'broken')?.status).toBe('InSync')
      } finally {
        refusedPatches.clear()
      }
    })
  })
})
