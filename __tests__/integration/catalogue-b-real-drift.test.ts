// DRIFT-CATALOGUE section B: each change people and controllers make in a
// cluster, made for real with kubectl, found with the right path, values and
// field manager, through the server dry-run (differ) and the local comparison
// (reader, which may not patch).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FieldChange, ResourceResult } from '../../src/types.ts'
import { check, kubectl, manifestDir, verdicts } from './harness.ts'
import type { Context } from './harness.ts'
import { BASE_RESOURCES, SECRET_CANARY, baseApp } from './fixtures/catalogue-b.ts'

const CONTEXTS: Context[] = ['differ', 'reader']

function deployBase(
  ns: string,
  options: { extraLabel?: boolean; clientSide?: boolean } = {}
): string {
  const dir = manifestDir(baseApp(ns, options))
  // --force-conflicts: re-running against the same cluster takes fields back from the last run's edits.
  kubectl(
    options.clientSide
      ? ['apply', '-f', dir]
      : ['apply', '--server-side', '--force-conflicts', '-f', dir]
  )
  return dir
}

function change(resource: ResourceResult, path: string): FieldChange {
  const found = resource.changes.find(c => c.path === path)
  if (!found) {
    throw new Error(
      `no change at ${path} in ${resource.kind}/${resource.name}: ${JSON.stringify(resource.changes)}`
    )
  }
  return found
}

/**
 * Runs the check with both identities. differ: every drifted object went through the
 * server dry-run. reader (may not patch): everything is compared locally, and when
 * something needed the server the report says why it was not asked.
 */
async function checkBoth(
  dir: string,
  assert: (r: Awaited<ReturnType<typeof check>>, context: Context) => void,
  selector?: string
) {
  for (const context of CONTEXTS) {
    const result = await check({ paths: [dir], context, selector })
    assert(result, context)
    const drifted = result.resources.filter(r => r.status === 'Drifted')
    const target = result.report.targets[0]
    if (context === 'reader') {
      expect(result.resources.every(r => r.method !== 'server')).toBe(true)
      if (drifted.length > 0) {
        expect(target?.comparison).toBe('local')
        expect(target?.notes.join('\n')).toMatch(/Compared locally.*may not patch/)
      }
    } else if (drifted.length > 0) {
      expect(target?.comparison).toBe('server')
      expect(drifted.every(r => r.method === 'server')).toBe(true)
    }
  }
}

describe('catalogue B: real drift', () => {
  it('B0: the freshly deployed base app is in sync (the baseline every case starts from)', async () => {
    const dir = deployBase('b0')
    await checkBoth(dir, ({ resources, report }) => {
      expect(resources).toHaveLength(BASE_RESOURCES)
      expect(verdicts(resources.filter(r => r.status !== 'InSync'))).toEqual([])
      // The report states the server's version; a tested minor carries no warning.
      const expected = process.env.KUBE_DRIFT_TEST_EXPECTED_VERSION
      expect(report.cluster?.version).toBe(expected ?? report.cluster?.version)
      expect(report.cluster?.version).toMatch(/^v1\.\d+\./)
      expect(report.cluster?.warning).toBeUndefined()
    })
  })

  it('B1: kubectl scale is Drifted /spec/replicas 3 → 5, by kubectl through the scale subresource', async () => {
    const dir = deployBase('b1')
    kubectl(['-n', 'b1', 'scale', 'deployment/api', '--replicas=5'])
    await checkBoth(dir, ({ find }) => {
      const api = find('Deployment', 'api')
      expect(api.status).toBe('Drifted')
      const c = change(api, '/spec/replicas')
      // kubectl 1.35 scales as manager "kubectl", operation Update, subresource scale.
      expect(c).toMatchObject({
        reason: 'changed',
        desired: 3,
        live: 5,
        manager: 'kubectl',
        operation: 'Update',
        subresource: 'scale'
      })
    })
  })

  it('B2: kubectl set image is Drifted on the container image, by kubectl-set', async () => {
    const dir = deployBase('b2')
    kubectl([
      '-n',
      'b2',
      'set',
      'image',
      'deployment/api',
      'app=registry.example.com/api:1.1-hotfix'
    ])
    await checkBoth(dir, ({ find }) => {
      const c = change(find('Deployment', 'api'), '/spec/template/spec/containers/0/image')
      expect(c).toMatchObject({
        desired: 'registry.example.com/api:1.0',
        live: 'registry.example.com/api:1.1-hotfix',
        manager: 'kubectl-set',
        operation: 'Update'
      })
      expect(c.time).toMatch(/^\d{4}-\d\d-\d\dT/)
    })
  })

  it('B3: an env var value patched is Drifted on that env entry, by kubectl-patch', async () => {
    const dir = deployBase('b3')
    kubectl([
      '-n',
      'b3',
      'patch',
      'deployment/api',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"MODE","value":"debug"}]}]}}}}'
    ])
    await checkBoth(dir, ({ find }) => {
      const c = change(find('Deployment', 'api'), '/spec/template/spec/containers/0/env/0/value')
      expect(c).toMatchObject({
        reason: 'changed',
        desired: 'production',
        live: 'debug',
        manager: 'kubectl-patch'
      })
    })
  })

  it('B4: an env var ADDED with kubectl edit is Drifted as added out of band, by kubectl-edit', async () => {
    const dir = deployBase('b4')
    kubectl(['-n', 'b4', 'edit', 'deployment/api'], {
      env: {
        KUBE_EDITOR: `sed -i 's/^\\(\\s*\\)- name: MODE/\\1- name: DEBUG\\n\\1  value: "true"\\n&/'`
      }
    })
    await checkBoth(dir, ({ find }) => {
      const api = find('Deployment', 'api')
      expect(api.status).toBe('Drifted')
      const added = api.changes.filter(c => c.reason === 'added-out-of-band')
      expect(added).toHaveLength(1)
      expect(added[0]).toMatchObject({
        manager: 'kubectl-edit',
        live: { name: 'DEBUG', value: 'true' }
      })
      expect(added[0]?.path).toMatch(/^\/spec\/template\/spec\/containers\/0\/env\/\d$/)
      expect(api.diff).toContain('DEBUG')
    })
  })

  it('B5: labels added, changed and removed are Drifted on each key', async () => {
    const dir = deployBase('b5')
    kubectl(['-n', 'b5', 'label', 'deployment/api', 'owner=night-shift'])
    kubectl(['-n', 'b5', 'label', 'service/api', 'app.kubernetes.io/part-of=other', '--overwrite'])
    kubectl(['-n', 'b5', 'label', 'deployment/api', 'tier-'])
    await checkBoth(dir, ({ find }) => {
      expect(change(find('Deployment', 'api'), '/metadata/labels/owner')).toMatchObject({
        reason: 'added-out-of-band',
        live: 'night-shift',
        manager: 'kubectl-label'
      })
      expect(
        change(find('Service', 'api'), '/metadata/labels/app.kubernetes.io~1part-of')
      ).toMatchObject({
        reason: 'changed',
        desired: 'b5',
        live: 'other',
        manager: 'kubectl-label'
      })
      const removed = change(find('Deployment', 'api'), '/metadata/labels/tier')
      expect(removed).toMatchObject({ reason: 'changed', desired: 'backend' })
      expect(removed.live).toBeUndefined()
    })
  })

  it('B6: ConfigMap keys changed, added and removed are each Drifted', async () => {
    const dir = deployBase('b6')
    kubectl([
      '-n',
      'b6',
      'patch',
      'configmap/settings',
      '--type=merge',
      '-p',
      '{"data":{"LOG_LEVEL":"debug","EXTRA":"1","RETRIES":null}}'
    ])
    await checkBoth(dir, ({ find }) => {
      const cm = find('ConfigMap', 'settings')
      expect(change(cm, '/data/LOG_LEVEL')).toMatchObject({ desired: 'info', live: 'debug' })
      expect(change(cm, '/data/EXTRA')).toMatchObject({
        reason: 'added-out-of-band',
        live: '1',
        manager: 'kubectl-patch'
      })
      expect(change(cm, '/data/RETRIES')).toMatchObject({ desired: '3' })
    })
  })

  it('B7: a Secret value changed is Drifted, the key named, the value never shown', async () => {
    const dir = deployBase('b7')
    const rotated = 'canary-rotated-51be02'
    kubectl([
      '-n',
      'b7',
      'patch',
      'secret/credentials',
      '-p',
      JSON.stringify({ stringData: { password: rotated } })
    ])
    await checkBoth(dir, ({ find, report }) => {
      const secret = find('Secret', 'credentials')
      expect(secret.status).toBe('Drifted')
      const c = change(secret, '/data/password')
      expect(c.sensitive).toBe(true)
      expect(c.desired).not.toEqual(c.live)
      const everything = JSON.stringify(report)
      for (const value of [SECRET_CANARY, rotated]) {
        expect(everything).not.toContain(value)
        expect(everything).not.toContain(Buffer.from(value).toString('base64'))
      }
    })
  })

  it('B8: a deleted resource is Missing', async () => {
    const dir = deployBase('b8')
    kubectl(['-n', 'b8', 'delete', 'service/api'])
    await checkBoth(dir, ({ find }) => {
      const svc = find('Service', 'api')
      expect(svc.status).toBe('Missing')
      expect(svc.diff).toContain('+')
    })
  })

  it('B9: a resource created by hand with the tracking label is Extra; controller-owned children never', async () => {
    const dir = deployBase('b9')
    writeFileSync(
      join(dir, 'job.yaml'),
      `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  namespace: b9\n  labels: { app.kubernetes.io/part-of: b9 }\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{ name: m, image: registry.example.com/m:1 }]\n`
    )
    kubectl(['apply', '--server-side', '-f', dir])
    kubectl(['-n', 'b9', 'create', 'configmap', 'hotfix', '--from-literal=FLAG=on'])
    kubectl(['-n', 'b9', 'label', 'configmap/hotfix', 'app.kubernetes.io/part-of=b9'])
    // A Job the CronJob owns, carrying the label through its template: never Extra.
    kubectl(['-n', 'b9', 'create', 'job', 'nightly-manual', '--from=cronjob/nightly'])
    await checkBoth(
      dir,
      ({ resources }) => {
        const extra = resources.filter(r => r.status === 'Extra')
        expect(extra.map(r => `${r.kind}/${r.namespace}/${r.name}`)).toEqual([
          'ConfigMap/b9/hotfix'
        ])
      },
      'app.kubernetes.io/part-of=b9'
    )
  })

  it('B10: a Service port and an Ingress host changed are Drifted', async () => {
    const dir = deployBase('b10')
    kubectl([
      '-n',
      'b10',
      'patch',
      'service/api',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/ports/0/port","value":8080}]'
    ])
    kubectl([
      '-n',
      'b10',
      'patch',
      'ingress/api',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/rules/0/host","value":"evil.example.com"}]'
    ])
    for (const context of CONTEXTS) {
      const { find, report } = await check({ paths: [dir], context })
      expect(change(find('Service', 'api'), '/spec/ports/0/port')).toMatchObject({
        desired: 80,
        live: 8080
      })
      expect(change(find('Ingress', 'api'), '/spec/rules/0/host')).toMatchObject({
        desired: 'api.example.com',
        live: 'evil.example.com'
      })
      if (context === 'differ') {
        // Server-side apply keys Service ports by port number: Git's port 80 next to the
        // live 8080 named "http" is a duplicate name, so the server refuses the dry-run.
        // The drift is still found (locally) and the report says applying would fail.
        expect(find('Ingress', 'api').method).toBe('server')
        expect(find('Service', 'api').method).toBe('local')
        expect(report.targets[0]?.notes.join('\n')).toMatch(
          /Service b10\/api: applying Git would fail \(.*Duplicate value: "http".*\); compared locally/
        )
      }
    }
  })

  it('B11: container resources changed are Drifted, compared by value', async () => {
    const dir = deployBase('b11')
    kubectl([
      '-n',
      'b11',
      'set',
      'resources',
      'deployment/api',
      '-c',
      'app',
      '--limits=cpu=1500m,memory=0.5Gi'
    ])
    await checkBoth(dir, ({ find }) => {
      const api = find('Deployment', 'api')
      expect(change(api, '/spec/template/spec/containers/0/resources/limits/cpu')).toMatchObject({
        desired: '1',
        live: '1500m'
      })
      // 0.5Gi is 512Mi: the same quantity, so no drift on memory.
      expect(api.changes.map(c => c.path)).not.toContain(
        '/spec/template/spec/containers/0/resources/limits/memory'
      )
    })
  })

  it.each([
    ['server-side apply', false],
    ['client-side apply', true]
  ])(
    'B12: a field removed from Git that the deployer applied before is Drifted (%s)',
    async (_how, clientSide) => {
      const ns = clientSide ? 'b12c' : 'b12s'
      deployBase(ns, { extraLabel: true, clientSide })
      const dir = manifestDir(baseApp(ns))
      await checkBoth(dir, ({ find }) => {
        const c = change(find('Deployment', 'api'), '/metadata/labels/extra')
        expect(c).toMatchObject({ reason: 'removed-from-git', live: 'from-git' })
        expect(c.desired).toBeUndefined()
      })
    }
  )

  it('B13: a controller changing spec.replicas is attributed to it; an ignore rule by manager or path silences it', async () => {
    const dir = deployBase('b13')
    // What the HPA does: write the scale subresource as kube-controller-manager.
    kubectl([
      '-n',
      'b13',
      'patch',
      'deployment/api',
      '--subresource=scale',
      '--type=merge',
      '-p',
      '{"spec":{"replicas":7}}',
      '--field-manager=kube-controller-manager'
    ])
    await checkBoth(dir, ({ find }) => {
      expect(change(find('Deployment', 'api'), '/spec/replicas')).toMatchObject({
        desired: 3,
        live: 7,
        manager: 'kube-controller-manager'
      })
    })
    for (const ignore of [
      [{ managers: ['kube-controller-manager'] }],
      [{ paths: ['/spec/replicas'], kind: 'Deployment' }]
    ]) {
      for (const context of CONTEXTS) {
        const { find, report } = await check({ paths: [dir], context, ignore })
        const api = find('Deployment', 'api')
        expect(api.status).toBe('InSync')
        expect(api.ignored).toBe(1)
        expect(report.summary.ignored).toBe(1)
      }
    }
  })

  it('B14: an RBAC rule changed is Drifted', async () => {
    const dir = deployBase('b14')
    kubectl([
      '-n',
      'b14',
      'patch',
      'role/reader',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/rules/0/verbs/-","value":"delete"}]'
    ])
    await checkBoth(dir, ({ find }) => {
      const role = find('Role', 'reader')
      expect(role.status).toBe('Drifted')
      expect(role.changes.some(c => c.path.startsWith('/rules/0/verbs'))).toBe(true)
    })
  })

  it('B15: a custom resource spec field changed is Drifted', async () => {
    const group = 'b15.drift.test'
    kubectl(['apply', '--server-side', '-f', '-'], {
      input: `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.${group}\nspec:\n  group: ${group}\n  scope: Namespaced\n  names: { plural: widgets, singular: widget, kind: Widget }\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              properties:\n                size: { type: integer }\n                color: { type: string, default: blue }\n`
    })
    kubectl(['wait', '--for=condition=Established', `crd/widgets.${group}`, '--timeout=60s'])
    deployBase('b15')
    const dir = manifestDir({
      ...baseApp('b15'),
      'widget.yaml': `apiVersion: ${group}/v1\nkind: Widget\nmetadata:\n  name: gadget\n  namespace: b15\nspec:\n  size: 3\n`
    })
    kubectl(['apply', '--server-side', '-f', dir])
    kubectl([
      '-n',
      'b15',
      'patch',
      `widgets.${group}/gadget`,
      '--type=merge',
      '-p',
      '{"spec":{"size":9}}'
    ])
    await checkBoth(dir, ({ find }) => {
      const widget = find('Widget', 'gadget')
      expect(change(widget, '/spec/size')).toMatchObject({
        desired: 3,
        live: 9,
        manager: 'kubectl-patch'
      })
      // The schema default (color: blue) is the server's, never drift.
      expect(widget.changes.map(c => c.path)).not.toContain('/spec/color')
    })
  })

  it('B16: a Namespace label changed is Drifted', async () => {
    const dir = deployBase('b16')
    kubectl(['label', 'namespace/b16', 'env=prod', '--overwrite'])
    await checkBoth(dir, ({ find }) => {
      expect(change(find('Namespace', 'b16'), '/metadata/labels/env')).toMatchObject({
        desired: 'test',
        live: 'prod'
      })
    })
  })

  it('B17: a change covered by an ignore rule is not reported, and the report counts it', async () => {
    const dir = deployBase('b17')
    kubectl(['-n', 'b17', 'set', 'image', 'deployment/api', 'app=registry.example.com/api:canary'])
    kubectl([
      '-n',
      'b17',
      'patch',
      'configmap/settings',
      '--type=merge',
      '-p',
      '{"data":{"LOG_LEVEL":"debug"}}'
    ])
    for (const context of CONTEXTS) {
      const { find, report } = await check({
        paths: [dir],
        context,
        ignore: [
          { paths: ['/spec/template/spec/containers/*/image'], kind: 'Deployment', name: 'api' }
        ]
      })
      expect(find('Deployment', 'api')).toMatchObject({ status: 'InSync', ignored: 1, changes: [] })
      expect(find('ConfigMap', 'settings').status).toBe('Drifted')
      expect(report.summary).toMatchObject({ drifted: 1, ignored: 1 })
    }
  })
})
