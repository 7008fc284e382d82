// DRIFT-CATALOGUE section A: apply, change nothing, every resource is InSync,
// for each way users deploy, through the server dry-run (differ) and through
// the local comparison (reader).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAllObjects } from './yaml-objects.ts'
import { ClusterClient } from '../../src/cluster/client.ts'
import { loadKubeconfig } from '../../src/cluster/kubeconfig.ts'
import type { ResourceResult } from '../../src/types.ts'
import { check, helm, kubectl, manifestDir, verdicts } from './harness.ts'
import { testKubeconfigPath } from './cluster-env.ts'
import { crdManifests, workloadManifests } from './fixtures/catalogue-a.ts'
import { helmUnderTest, type HelmUnderTest } from './helm-under-test.ts'

/** The rows of DRIFT-CATALOGUE section A and the kinds each covers. */
const CATALOGUE_A_ROWS: [string, string[]][] = [
  ['Deployment', ['Deployment']],
  ['Service', ['Service']],
  ['ConfigMap, Secret', ['ConfigMap', 'Secret']],
  ['StatefulSet, DaemonSet', ['StatefulSet', 'DaemonSet']],
  ['Job, CronJob', ['Job', 'CronJob']],
  ['Namespace', ['Namespace']],
  [
    'Ingress, NetworkPolicy, PDB, HPA',
    ['Ingress', 'NetworkPolicy', 'PodDisruptionBudget', 'HorizontalPodAutoscaler']
  ],
  ['RBAC', ['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole']],
  ['CRD and custom resources', ['CustomResourceDefinition', 'Widget']],
  // uid, resourceVersion, managedFields, status, quantities (cpu 0.5, memory 1Gi), key order: all of them.
  [
    'everywhere',
    [
      'Deployment',
      'Service',
      'ConfigMap',
      'Secret',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'CronJob'
    ].concat(
      ['Namespace', 'Ingress', 'NetworkPolicy', 'PodDisruptionBudget', 'HorizontalPodAutoscaler'],
      ['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'CustomResourceDefinition', 'Widget']
    )
  ]
]

type Deployer =
  'kubectl apply' | 'kubectl apply --server-side' | 'helm install' | 'kube-drift apply'

const deployers: Deployer[] = [
  'kubectl apply',
  'kubectl apply --server-side',
  'helm install',
  'kube-drift apply'
]

async function deploy(how: Deployer, dir: string, release: string, ns: string): Promise<void> {
  switch (how) {
    case 'kubectl apply':
      kubectl(['apply', '-f', dir])
      return
    case 'kubectl apply --server-side':
      // The aggregation controller owns an aggregated ClusterRole's rules: take them as users must.
      kubectl(['apply', '--server-side', '--force-conflicts', '-f', dir])
      return
    case 'helm install': {
      const chart = join(mkdtempSync(join(tmpdir(), 'kube-drift-chart-')), release)
      mkdirSync(join(chart, 'templates'), { recursive: true })
      writeFileSync(join(chart, 'Chart.yaml'), `apiVersion: v2\nname: ${release}\nversion: 0.1.0\n`)
      mkdirSync(join(chart, 'crds'))
      for (const file of readdirSync(dir)) {
        // helm keeps CRDs in crds/ (installed first, skipped when present), the rest in templates/.
        const into = file === 'crd.yaml' ? 'crds' : 'templates'
        writeFileSync(join(chart, into, file), readFileSync(join(dir, file)))
      }
      // Helm 3 or 4, as KUBE_DRIFT_HELM chooses; neither waits unless asked.
      helm(['install', release, chart, '--namespace', 'default'])
      expectInstalledBy(helmUnderTest(), ns)
      return
    }
    case 'kube-drift apply': {
      // What kube-drift's reconcile does: server-side apply with its own field manager.
      const client = new ClusterClient(
        loadKubeconfig({ path: testKubeconfigPath(), context: 'admin' })
      )
      await client.discovery.load()
      const objects = readdirSync(dir).flatMap(file =>
        parseAllObjects(readFileSync(join(dir, file), 'utf8'))
      )
      // Namespaces and CRDs first, as reconcile orders them.
      const first = (kind: string) =>
        kind === 'Namespace' || kind === 'CustomResourceDefinition' ? 0 : 1
      objects.sort((a, b) => first(a.kind) - first(b.kind))
      for (const object of objects) {
        const resource = client.discovery.resolve(object.apiVersion, object.kind)
        await client.apply(resource, object, {
          fieldManager: 'kube-drift',
          force: true,
          dryRun: false
        })
      }
    }
  }
}

/** The Deployment carries the install's field manager: Helm 4 applied it server-side, Helm 3 updated it. */
function expectInstalledBy(installed: HelmUnderTest, ns: string): void {
  const managers = JSON.parse(
    kubectl(['-n', ns, 'get', 'deployment', 'web', '-o', 'jsonpath={.metadata.managedFields}'])
  ) as { manager: string; operation: string }[]
  expect(managers).toContainEqual(
    expect.objectContaining({ manager: 'helm', operation: installed.operation })
  )
}

/** Lets kube-controller-manager do what it does after a deploy (revisions, aggregation, job labels). */
async function settle(ns: string): Promise<void> {
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
    const rules = kubectl(['get', 'clusterrole', `${ns}-aggregate`, '-o', 'jsonpath={.rules}'])
    if (revision && rules.includes('pods')) return
    await new Promise(resolve => setTimeout(resolve, 500))
  }
  throw new Error(`controllers did not settle in ${ns}`)
}

describe.each(deployers)('catalogue A: deployed with %s, nothing changed', how => {
  const slug = how.replace(/[^a-z]+/g, '-').replace(/-+$/, '')
  const ns = `a-${slug}`
  const group = `${slug}.drift.test`
  let dir: string

  beforeAll(async () => {
    const crd = crdManifests(group)
    kubectl(['apply', '--server-side', '-f', '-'], { input: crd.crd })
    kubectl(['wait', '--for=condition=Established', `crd/widgets.${group}`, '--timeout=60s'])
    dir = manifestDir({
      ...workloadManifests(ns),
      'crd.yaml': crd.crd,
      'widget.yaml': crd.resource(ns)
    })
    await deploy(how, dir, `rel-${slug}`.slice(0, 40), ns)
    await settle(ns)
  })

  // The three ways kube-drift compares: every object through the server's dry-run,
  // the default (local proof of sync first, the server for the rest), and the
  // read-only identity's local comparison.
  const modes = {
    'server dry-run for every object': { context: 'differ', fastPath: false },
    'default (local proof, then server)': { context: 'differ', fastPath: true },
    'local comparison (read-only identity)': { context: 'reader', fastPath: true }
  } as const
  const results = new Map<string, ResourceResult[]>()

  it.each(Object.keys(modes))('finds all 22 resources InSync: %s', async mode => {
    const { context, fastPath } = modes[mode as keyof typeof modes]
    const { resources, report } = await check({ paths: [dir], context, fastPath })
    results.set(mode, resources)
    expect(resources).toHaveLength(22)
    expect(verdicts(resources.filter(r => r.status !== 'InSync'))).toEqual([])
    expect(report.summary.inSync).toBe(22)
    if (!fastPath) expect(resources.every(r => r.method === 'server')).toBe(true)
    if (context === 'reader') expect(resources.every(r => r.method === 'local')).toBe(true)
  })

  // One named test per row of the catalogue's table.
  it.each(CATALOGUE_A_ROWS)('row %s: no false drift', (_row, kinds) => {
    expect(results.size).toBe(3)
    for (const [mode, resources] of results) {
      const row = resources.filter(r => kinds.includes(r.kind))
      expect(row.length).toBeGreaterThan(0)
      expect([mode, verdicts(row.filter(r => r.status !== 'InSync'))]).toEqual([mode, []])
    }
  })
})
