// DRIFT-CATALOGUE section B, rows 18 and 19 and the server-written noise around real
// drift: ownership decided per key, removals inside a replaced atomic node named after
// its owner, and fields the server allocates as the echo of a drifted field left out
// of the change list. Each edit is made for real with kubectl and checked through the
// server dry-run (differ) and the local comparison (reader).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FieldChange, ResourceResult } from '../../src/types.ts'
import { check, helm, kubectl, manifestDir, verdicts } from './harness.ts'
import type { Context } from './harness.ts'
import { baseApp } from './fixtures/catalogue-b.ts'

const CONTEXTS: Context[] = ['differ', 'reader']

function change(resource: ResourceResult, path: string): FieldChange {
  const found = resource.changes.find(c => c.path === path)
  if (!found) {
    throw new Error(
      `no change at ${path} in ${resource.kind}/${resource.name}: ${JSON.stringify(resource.changes)}`
    )
  }
  return found
}

/** Applies `yaml` the way a user would, returns the manifests directory. */
function deploy(yaml: string, how: 'client-side' | 'server-side'): string {
  const dir = manifestDir({ 'app.yaml': yaml })
  kubectl(
    how === 'client-side'
      ? ['apply', '-f', dir]
      : ['apply', '--server-side', '--force-conflicts', '-f', dir]
  )
  return dir
}

async function checkBoth(
  dir: string,
  assert: (find: (kind: string, name: string) => ResourceResult, context: Context) => void
) {
  for (const context of CONTEXTS) {
    const result = await check({ paths: [dir], context })
    try {
      assert(result.find, context)
    } catch (error) {
      throw new Error(
        `[${context}] ${(error as Error).message}\n${verdicts(result.resources).join('\n')}`,
        { cause: error }
      )
    }
    // reader may not patch: everything it reports was compared locally.
    if (context === 'reader') expect(result.resources.every(r => r.method !== 'server')).toBe(true)
  }
}

/** Installs the manifests in `dir` as the templates of a chart named `release`. */
function helmInstall(dir: string, release: string): void {
  const chart = join(mkdtempSync(join(tmpdir(), 'kube-drift-chart-')), release)
  mkdirSync(join(chart, 'templates'), { recursive: true })
  writeFileSync(join(chart, 'Chart.yaml'), `apiVersion: v2\nname: ${release}\nversion: 0.1.0\n`)
  for (const file of readdirSync(dir)) {
    writeFileSync(join(chart, 'templates', file), readFileSync(join(dir, file)))
  }
  helm(['install', release, chart, '--namespace', 'default', '--wait=false'])
}

const namespace = (ns: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`

describe('catalogue B: ownership and attribution', () => {
  it.each([
    ['kubectl apply', 'b18a'],
    ['kubectl apply --server-side', 'b18s'],
    ['helm install', 'b18h']
  ] as const)(
    'B18: an annotation added by hand to an object without annotations, deployed with %s, is Drifted on that key, by kubectl-annotate',
    async (how, ns) => {
      const dir = manifestDir(baseApp(ns))
      if (how === 'helm install') helmInstall(dir, ns)
      else
        kubectl(
          how === 'kubectl apply' ? ['apply', '-f', dir] : ['apply', '--server-side', '-f', dir]
        )
      // The ConfigMap has no annotation at all; the Deployment has the controller's revision.
      kubectl(['-n', ns, 'annotate', 'deployment/api', 'example.com/ticket=OPS-12'])
      kubectl(['-n', ns, 'annotate', 'configmap/settings', 'example.com/ticket=OPS-13'])
      await checkBoth(dir, find => {
        for (const [kind, name, value] of [
          ['Deployment', 'api', 'OPS-12'],
          ['ConfigMap', 'settings', 'OPS-13']
        ] as const) {
          const resource = find(kind, name)
          expect(resource.status).toBe('Drifted')
          expect(resource.changes).toEqual([
            expect.objectContaining({
              path: '/metadata/annotations/example.com~1ticket',
              reason: 'added-out-of-band',
              live: value,
              manager: 'kubectl-annotate',
              operation: 'Update'
            })
          ])
          expect(resource.diff).toContain(`example.com/ticket: ${value}`)
        }
        // Nothing else was touched: what the deployer itself writes there is no drift.
        expect(find('Service', 'api').status).toBe('InSync')
      })
    }
  )

  it('B18: a label added by hand to a client-side-applied object without labels is Drifted on that key, by kubectl-label', async () => {
    const dir = deploy(
      `${namespace('b18b')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: b18b\ndata:\n  LOG_LEVEL: info\n`,
      'client-side'
    )
    kubectl(['-n', 'b18b', 'label', 'configmap/settings', 'owner=night-shift'])
    await checkBoth(dir, find => {
      const settings = find('ConfigMap', 'settings')
      expect(settings.status).toBe('Drifted')
      expect(settings.changes).toEqual([
        expect.objectContaining({
          path: '/metadata/labels/owner',
          reason: 'added-out-of-band',
          live: 'night-shift',
          manager: 'kubectl-label'
        })
      ])
    })
  })

  it('B19: tolerations replaced by a merge patch are Drifted, every change attributed to kubectl-patch', async () => {
    const dir = deploy(
      `${namespace('b19a')}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: b19a
spec:
  replicas: 1
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      tolerations:
        - key: dedicated
          operator: Equal
          value: api
          effect: NoSchedule
      containers:
        - name: app
          image: registry.example.com/api:1.0
`,
      'server-side'
    )
    kubectl([
      '-n',
      'b19a',
      'patch',
      'deployment/api',
      '--type=merge',
      '-p',
      '{"spec":{"template":{"spec":{"tolerations":[{"key":"spot","operator":"Exists","effect":"NoSchedule"}]}}}}'
    ])
    await checkBoth(dir, find => {
      const api = find('Deployment', 'api')
      expect(api.status).toBe('Drifted')
      const tolerations = api.changes.filter(c =>
        c.path.startsWith('/spec/template/spec/tolerations')
      )
      expect(tolerations.length).toBeGreaterThan(0)
      expect(api.changes).toEqual(tolerations)
      // Git's toleration, gone live, and the one put there instead: both by kubectl-patch.
      expect(tolerations.some(c => c.live === undefined)).toBe(true)
      expect(JSON.stringify(tolerations)).toContain('dedicated')
      expect(JSON.stringify(tolerations)).toContain('spot')
      for (const c of tolerations) {
        expect(c).toMatchObject({ manager: 'kubectl-patch', operation: 'Update' })
      }
    })
  })

  it('B19: an aggregationRule selector changed lists the removed and the added key, both by kubectl-patch', async () => {
    const dir = deploy(
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: b19b-monitoring
aggregationRule:
  clusterRoleSelectors:
    - matchLabels:
        rbac.example.com/aggregate-to-b19b: "true"
rules: []
`,
      'server-side'
    )
    kubectl([
      'patch',
      'clusterrole/b19b-monitoring',
      '--type=merge',
      '-p',
      '{"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"rbac.example.com/aggregate-to-other":"true"}}]}}'
    ])
    const selector = '/aggregationRule/clusterRoleSelectors/0/matchLabels'
    await checkBoth(dir, find => {
      const role = find('ClusterRole', 'b19b-monitoring')
      expect(role.status).toBe('Drifted')
      expect(change(role, `${selector}/rbac.example.com~1aggregate-to-b19b`)).toMatchObject({
        desired: 'true',
        manager: 'kubectl-patch'
      })
      expect(change(role, `${selector}/rbac.example.com~1aggregate-to-other`)).toMatchObject({
        live: 'true',
        manager: 'kubectl-patch'
      })
      expect(role.changes).toHaveLength(2)
    })
  })

  it('B19: a key removed from an atomic Service selector by a merge patch is attributed to kubectl-patch', async () => {
    const dir = deploy(
      `${namespace('b19d')}---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: b19d
spec:
  selector: { app: api, tier: backend }
  ports:
    - name: http
      port: 80
      targetPort: 8080
`,
      'server-side'
    )
    kubectl([
      '-n',
      'b19d',
      'patch',
      'service/api',
      '--type=merge',
      '-p',
      '{"spec":{"selector":{"tier":null,"zone":"a"}}}'
    ])
    await checkBoth(dir, find => {
      const api = find('Service', 'api')
      expect(api.changes).toEqual([
        expect.objectContaining({
          path: '/spec/selector/tier',
          desired: 'backend',
          manager: 'kubectl-patch'
        }),
        expect.objectContaining({
          path: '/spec/selector/zone',
          live: 'a',
          manager: 'kubectl-patch'
        })
      ])
    })
  })

  it('B19: an Ingress backend port name replaced by a number is attributed to kubectl-patch', async () => {
    const dir = deploy(
      `${namespace('b19c')}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: b19c
spec:
  rules:
    - host: api.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: api
                port: { name: http }
`,
      'server-side'
    )
    kubectl([
      '-n',
      'b19c',
      'patch',
      'ingress/api',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/rules/0/http/paths/0/backend/service/port","value":{"number":8080}}]'
    ])
    const port = '/spec/rules/0/http/paths/0/backend/service/port'
    await checkBoth(dir, (find, context) => {
      const ingress = find('Ingress', 'api')
      expect(change(ingress, `${port}/name`)).toMatchObject({
        desired: 'http',
        manager: 'kubectl-patch'
      })
      // Locally, without the schema, `number` may be a server default inside the atomic
      // rules and is kept (see merge.ts); the server dry-run replaces the rules whole.
      if (context === 'differ') {
        expect(change(ingress, `${port}/number`)).toMatchObject({
          live: 8080,
          manager: 'kubectl-patch'
        })
      }
    })
  })
})

describe('catalogue B: server-written fields around real drift', () => {
  it('a DaemonSet whose image was changed by hand shows the image only, never deprecated.daemonset.template.generation', async () => {
    const dir = deploy(
      `${namespace('b5ds')}---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: b5ds
spec:
  selector:
    matchLabels: { app: agent }
  template:
    metadata:
      labels: { app: agent }
    spec:
      containers:
        - name: agent
          image: registry.example.com/agent:1.0
`,
      'client-side'
    )
    kubectl([
      '-n',
      'b5ds',
      'set',
      'image',
      'daemonset/agent',
      'agent=registry.example.com/agent:1.1'
    ])
    await checkBoth(dir, find => {
      const agent = find('DaemonSet', 'agent')
      expect(agent.changes.map(c => c.path)).toEqual(['/spec/template/spec/containers/0/image'])
      expect(agent.diff).not.toContain('deprecated.daemonset.template.generation')
    })
  })

  it.each([
    [
      'Local in Git, Cluster by hand: the dry-run allocates a new one',
      'b5etp1',
      'Local',
      'Cluster'
    ],
    ['left to the server in Git, Local by hand: allocated live', 'b5etp2', undefined, 'Local']
  ])(
    'externalTrafficPolicy changed by hand lists that field only, not the healthCheckNodePort (%s)',
    async (_case, ns, inGit, byHand) => {
      const policy = inGit === undefined ? '' : `\n  externalTrafficPolicy: ${inGit}`
      const dir = deploy(
        `${namespace(ns)}---
apiVersion: v1
kind: Service
metadata:
  name: edge
  namespace: ${ns}
spec:
  type: LoadBalancer${policy}
  selector: { app: edge }
  ports:
    - name: http
      port: 80
      targetPort: 8080
`,
        'server-side'
      )
      kubectl([
        '-n',
        ns,
        'patch',
        'service/edge',
        '--type=merge',
        '-p',
        JSON.stringify({ spec: { externalTrafficPolicy: byHand } })
      ])
      const live = JSON.parse(kubectl(['-n', ns, 'get', 'service/edge', '-o', 'json'])) as {
        spec: { healthCheckNodePort?: number }
      }
      expect(live.spec.healthCheckNodePort !== undefined).toBe(byHand === 'Local')
      await checkBoth(dir, find => {
        const edge = find('Service', 'edge')
        expect(edge.changes).toEqual([
          expect.objectContaining({
            path: '/spec/externalTrafficPolicy',
            live: byHand,
            manager: 'kubectl-patch'
          })
        ])
        if (inGit !== undefined) expect(edge.changes[0]?.desired).toBe(inGit)
      })
    }
  )

  it.each([
    [
      'left to the server in Git, NodePort by hand: nodePort allocated live',
      'b5np1',
      undefined,
      'NodePort'
    ],
    [
      'NodePort in Git, ClusterIP by hand: the dry-run allocates a new nodePort',
      'b5np2',
      'NodePort',
      'ClusterIP'
    ]
  ])(
    'a Service type changed by hand lists the type only, not the nodePort that comes and goes with it (%s)',
    async (_case, ns, inGit, byHand) => {
      const type = inGit === undefined ? '' : `\n  type: ${inGit}`
      const dir = deploy(
        `${namespace(ns)}---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: ${ns}
spec:${type}
  selector: { app: api }
  ports:
    - name: http
      port: 80
      targetPort: 8080
`,
        'server-side'
      )
      kubectl([
        '-n',
        ns,
        'patch',
        'service/api',
        '--type=merge',
        '-p',
        JSON.stringify({ spec: { type: byHand } })
      ])
      await checkBoth(dir, find => {
        const api = find('Service', 'api')
        expect(api.changes).toEqual([
          expect.objectContaining({ path: '/spec/type', live: byHand, manager: 'kubectl-patch' })
        ])
      })
    }
  )
})
