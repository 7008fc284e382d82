// Adopt against the real control plane: drift is made with kubectl as people
// make it, `adopt` writes the live values into a copy of the manifests, and the
// next check finds every adopted field in sync. Files change only on the lines
// of the adopted fields; Secret values are never written or shown; a kustomize
// overlay gets a patch and its base stays byte-identical; a Helm chart is left
// alone with a suggested values edit; a dry run writes nothing.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { diffLines } from 'diff'
import { runAdopt } from '../../src/adopt/index.ts'
import type { AdoptOptions, AdoptOutcome } from '../../src/adopt/index.ts'
import { loadTargets, type TargetRequest } from '../../src/config/load-targets.ts'
import { runCheck } from '../../src/engine/check.ts'
import { adoptToMarkdown } from '../../src/report/adopt-markdown.ts'
import { adoptToText } from '../../src/report/adopt-text.ts'
import { adoptVerdict } from '../../src/report/verdict.ts'
import { testKubeconfigPath, uniqueNamespace } from './cluster-env.ts'
import { helm, kubectl, verdicts } from './harness.ts'
import { usePinnedTools } from './renderers-harness.ts'

usePinnedTools()

/** A fresh workspace holding `files` (paths relative to it). */
function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-drift-adopt-'))
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), content)
  }
  return dir
}

function read(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8')
}

/** Every file of the workspace, by relative path. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const full = path.join(entry.parentPath, entry.name)
    files[path.relative(dir, full)] = readFileSync(full, 'utf8')
  }
  return files
}

async function adopt(
  dir: string,
  request: Omit<TargetRequest, 'cwd'>,
  options: Partial<AdoptOptions> = {}
): Promise<AdoptOutcome[]> {
  const targets = await loadTargets({ cwd: dir, ...request })
  return runAdopt({
    kubeconfig: { path: testKubeconfigPath(), context: 'differ' },
    targets,
    fieldManager: 'kube-drift',
    concurrency: 4,
    cwd: dir,
    timeoutMs: 20_000,
    workspace: dir,
    ...options
  })
}

async function check(dir: string, request: Omit<TargetRequest, 'cwd'>) {
  const targets = await loadTargets({ cwd: dir, ...request })
  const { report } = await runCheck({
    kubeconfig: { path: testKubeconfigPath(), context: 'differ' },
    targets,
    fieldManager: 'kube-drift',
    concurrency: 4,
    cwd: dir,
    timeoutMs: 20_000
  })
  return report.targets.flatMap(t => t.resources)
}

/** The lines removed and added between two texts, in order. */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const removed: string[] = []
  const added: string[] = []
  for (const part of diffLines(before, after)) {
    const lines = part.value.replace(/\n$/, '').split('\n')
    if (part.removed) removed.push(...lines)
    if (part.added) added.push(...lines)
  }
  return { removed, added }
}

const SECRET_LIVE = 'rotated-by-hand-7f3a'

function app(ns: string): string {
  return `# The shop's API: owned by the payments team.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ${ns}
  labels:
    app: api # selected by the Service
spec:
  replicas: 2
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: app
          image: "nginx:1.25"
          env:
            - name: MODE
              value: production # default
      terminationGracePeriodSeconds: 5

# Settings read at start.
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: ${ns}
data:
  LOG_LEVEL: info
  FEATURE: "on"
  RETRIES: "3"
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: ${ns}
stringData:
  password: from-git
`
}

function deployApp(prefix: string): { ns: string; dir: string } {
  const ns = uniqueNamespace(prefix)
  kubectl(['create', 'namespace', ns])
  const dir = workspace({ 'deploy/app.yaml': app(ns) })
  kubectl(['apply', '--server-side', '-f', path.join(dir, 'deploy')])
  return { ns, dir }
}

function drift(ns: string): void {
  kubectl(['-n', ns, 'scale', 'deployment/api', '--replicas=4'])
  kubectl(['-n', ns, 'set', 'image', 'deployment/api', 'app=nginx:1.27'])
  kubectl(['-n', ns, 'set', 'env', 'deployment/api', 'MODE=debug', 'EXTRA=1'])
  kubectl(['-n', ns, 'label', 'deployment/api', 'team=payments'])
  kubectl([
    '-n',
    ns,
    'patch',
    'deployment/api',
    '--type=json',
    '-p',
    '[{"op":"add","path":"/spec/template/spec/tolerations","value":[{"key":"dedicated","operator":"Equal","value":"shop","effect":"NoSchedule"}]}]'
  ])
  kubectl([
    '-n',
    ns,
    'patch',
    'configmap/settings',
    '--type=merge',
    '-p',
    '{"data":{"LOG_LEVEL":"debug","FEATURE":"off","RETRIES":null}}'
  ])
  kubectl(['-n', ns, 'patch', 'secret/creds', '-p', `{"stringData":{"password":"${SECRET_LIVE}"}}`])
}

describe('adopt: plain manifests', () => {
  it('writes every drifted field into its line, and the next check is in sync', async () => {
    const { ns, dir } = deployApp('adopt-plain')
    drift(ns)
    const before = read(dir, 'deploy/app.yaml')

    const outcomes = await adopt(dir, { paths: ['deploy'] })
    const [outcome] = outcomes
    expect(outcome?.failed).toEqual([])
    expect(outcome?.adopted.map(a => `${a.resource} ${a.path}`).sort()).toEqual([
      `ConfigMap ${ns}/settings /data/FEATURE`,
      `ConfigMap ${ns}/settings /data/LOG_LEVEL`,
      `ConfigMap ${ns}/settings /data/RETRIES`,
      `Deployment.apps ${ns}/api /metadata/labels/team`,
      `Deployment.apps ${ns}/api /spec/replicas`,
      `Deployment.apps ${ns}/api /spec/template/spec/containers/0/env/0/value`,
      `Deployment.apps ${ns}/api /spec/template/spec/containers/0/env/1`,
      `Deployment.apps ${ns}/api /spec/template/spec/containers/0/image`,
      `Deployment.apps ${ns}/api /spec/template/spec/tolerations`
    ])
    expect(outcome?.recheck?.every(r => r.stillDiffering.length === 0)).toBe(true)
    expect(adoptVerdict(outcomes).code).toBe(0)

    // Only the adopted fields' lines changed: comments, quoting, order and `---` stay.
    const after = read(dir, 'deploy/app.yaml')
    expect(changedLines(before, after)).toEqual({
      removed: [
        '  replicas: 2',
        '          image: "nginx:1.25"',
        '              value: production # default',
        '  LOG_LEVEL: info',
        '  FEATURE: "on"',
        '  RETRIES: "3"'
      ],
      added: [
        '    team: payments',
        '  replicas: 4',
        '          image: "nginx:1.27"',
        '              value: debug # default',
        '            - name: EXTRA',
        '              value: "1"',
        '      tolerations:',
        '        - key: dedicated',
        '          operator: Equal',
        '          value: shop',
        '          effect: NoSchedule',
        '  LOG_LEVEL: debug',
        '  FEATURE: "off"'
      ]
    })

    const resources = await check(dir, { paths: ['deploy'] })
    expect(verdicts(resources.filter(r => r.kind !== 'Secret' && r.status !== 'InSync'))).toEqual(
      []
    )

    // The Secret is skipped, said so, and its live value is nowhere.
    expect(outcome?.skipped).toEqual([
      expect.objectContaining({ resource: `Secret ${ns}/creds`, path: '/data/password' })
    ])
    const shown = [
      adoptToText(outcomes),
      adoptToMarkdown(outcomes),
      JSON.stringify(outcomes),
      after
    ]
    for (const text of shown) {
      expect(text).not.toContain(SECRET_LIVE)
      expect(text).not.toContain(Buffer.from(SECRET_LIVE).toString('base64'))
    }
  })

  it('--dry-run writes nothing and shows the unified diff of the file', async () => {
    const { ns, dir } = deployApp('adopt-dry')
    kubectl(['-n', ns, 'scale', 'deployment/api', '--replicas=4'])
    const files = snapshot(dir)

    const outcomes = await adopt(dir, { paths: ['deploy'] }, { dryRun: true })
    expect(snapshot(dir)).toEqual(files)
    expect(outcomes[0]?.written).toBe(false)
    expect(outcomes[0]?.recheck).toBeNull()
    const text = adoptToText(outcomes)
    expect(text).toContain('--- a/deploy/app.yaml\n')
    expect(text).toContain('+++ b/deploy/app.yaml\n')
    expect(text).toContain('-  replicas: 2\n')
    expect(text).toContain('+  replicas: 4\n')
    expect(adoptVerdict(outcomes).code).toBe(0)
  })

  it('--only and --field select what is adopted', async () => {
    const { ns, dir } = deployApp('adopt-only')
    drift(ns)
    const outcomes = await adopt(
      dir,
      { paths: ['deploy'] },
      { only: [`Deployment/${ns}/api`], fields: ['/spec/replicas', '/metadata/labels'] }
    )
    expect(outcomes[0]?.adopted.map(a => a.path).sort()).toEqual([
      '/metadata/labels/team',
      '/spec/replicas'
    ])
    expect(outcomes[0]?.skipped).toEqual([]) // the Secret was not selected
    const resources = await check(dir, { paths: ['deploy'] })
    const api = resources.find(r => r.kind === 'Deployment')
    expect(api?.changes.map(c => c.path)).not.toContain('/spec/replicas')
    expect(api?.changes.map(c => c.path)).toContain('/spec/template/spec/containers/0/image')
    expect(resources.find(r => r.kind === 'ConfigMap')?.status).toBe('Drifted')
  })

  it('--include-extra writes an object found only in the cluster, without server-set fields', async () => {
    const { ns, dir } = deployApp('adopt-extra')
    const selector = 'app.kubernetes.io/part-of=shop'
    // Git has a Service too: the Extra search looks at the kinds Git has.
    writeFileSync(
      path.join(dir, 'deploy/service.yaml'),
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: ${ns}\nspec:\n  selector: { app: api }\n  ports: [{ port: 80 }]\n`
    )
    kubectl(['apply', '--server-side', '-f', path.join(dir, 'deploy/service.yaml')])
    kubectl([
      '-n',
      ns,
      'label',
      'deployment/api',
      'configmap/settings',
      'secret/creds',
      'service/api',
      selector
    ])
    kubectl(['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Service
metadata:
  name: hotfix
  namespace: ${ns}
  labels: { app.kubernetes.io/part-of: shop }
spec:
  selector: { app: api }
  ports: [{ port: 80, targetPort: 8080 }]
`
    })
    const outcomes = await adopt(
      dir,
      { paths: ['deploy'], selector },
      { includeExtra: 'deploy/extra', only: [`Service/${ns}/hotfix`] }
    )
    expect([...(outcomes[0]?.failed ?? []), ...(outcomes[0]?.skipped ?? [])]).toEqual([])
    expect(outcomes[0]?.extras).toEqual([
      { resource: `Service ${ns}/hotfix`, file: `deploy/extra/service-${ns}-hotfix.yaml` }
    ])
    const written = read(dir, `deploy/extra/service-${ns}-hotfix.yaml`)
    for (const field of [
      'uid:',
      'resourceVersion:',
      'creationTimestamp:',
      'managedFields',
      'status:',
      'last-applied-configuration',
      'clusterIP'
    ]) {
      expect(written).not.toContain(field)
    }
    const resources = await check(dir, { paths: ['deploy'], selector })
    expect(resources.find(r => r.kind === 'Service' && r.name === 'hotfix')?.status).toBe('InSync')
  })
})

describe('adopt: kustomize', () => {
  it('writes a patch into the overlay, never into the shared base', async () => {
    const ns = uniqueNamespace('adopt-kz')
    const base = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.25
`
    const overlay = `# Production: shares the base with staging.
namespace: ${ns}
resources:
  - ../../base # shared
`
    const dir = workspace({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': base,
      'overlays/prod/kustomization.yaml': overlay
    })
    kubectl(['create', 'namespace', ns])
    kubectl(['apply', '--server-side', '-k', path.join(dir, 'overlays/prod')])
    kubectl(['-n', ns, 'scale', 'deployment/web', '--replicas=3'])
    kubectl(['-n', ns, 'set', 'env', 'deployment/web', 'LOG=debug'])

    const outcomes = await adopt(dir, { paths: ['overlays/prod'] })
    expect(outcomes[0]?.failed).toEqual([])
    expect(outcomes[0]?.recheck?.every(r => r.stillDiffering.length === 0)).toBe(true)
    expect(read(dir, 'base/deployment.yaml')).toBe(base)
    expect(read(dir, 'base/kustomization.yaml')).toBe('resources:\n  - deployment.yaml\n')
    expect(outcomes[0]?.files.map(f => f.path).sort()).toEqual([
      'overlays/prod/adopt-deployment-web.patch.yaml',
      'overlays/prod/kustomization.yaml'
    ])
    expect(read(dir, 'overlays/prod/kustomization.yaml')).toBe(
      `${overlay}patches:\n  - path: adopt-deployment-web.patch.yaml\n    target:\n      group: apps\n      version: v1\n      kind: Deployment\n      name: web\n`
    )
    const resources = await check(dir, { paths: ['overlays/prod'] })
    expect(verdicts(resources.filter(r => r.status !== 'InSync'))).toEqual([])
  })
})

describe('adopt: helm', () => {
  it('writes nothing and suggests the values edit', async () => {
    const ns = uniqueNamespace('adopt-helm')
    const dir = workspace({
      'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
      'chart/values.yaml': 'replicas: 2\n',
      'chart/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: {app: shop}
  template:
    metadata:
      labels: {app: shop}
    spec:
      containers:
        - name: shop
          image: nginx:1.25
`
    })
    helm(['install', 'shop', path.join(dir, 'chart'), '--namespace', ns, '--create-namespace'])
    kubectl(['-n', ns, 'scale', 'deployment/shop', '--replicas=5'])
    const files = snapshot(dir)

    const outcomes = await adopt(dir, { paths: ['chart'], helmRelease: 'shop', namespace: ns })
    expect(snapshot(dir)).toEqual(files)
    expect(outcomes[0]?.files).toEqual([])
    expect(outcomes[0]?.suggestions).toEqual([
      expect.objectContaining({
        resource: `Deployment.apps ${ns}/shop`,
        path: '/spec/replicas',
        live: 5,
        desired: 2,
        template: 'shop/templates/deployment.yaml'
      })
    ])
    expect(adoptVerdict(outcomes).code).toBe(1)
    expect(adoptToText(outcomes)).toContain('nothing written')
  })
})
