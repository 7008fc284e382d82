// Reconciliation against the real control plane: every section-B change is put
// back, missing resources are created, prune deletes only what the selector
// allows, a dry run writes nothing, a second run writes nothing, and an identity
// without the right verb fails with a message naming it.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { runReconcile } from '../../src/reconcile/index.ts'
import type { ReconcileOptions } from '../../src/reconcile/index.ts'
import { check, kubectl, manifestDir, verdicts } from './harness.ts'
import type { Context } from './harness.ts'
import { testKubeconfigPath } from './cluster-env.ts'
import { baseApp } from './fixtures/catalogue-b.ts'
import { serviceAccountKubeconfig } from './kubeconfigs.ts'

function reconcile(
  dir: string,
  options: Partial<ReconcileOptions> & { context?: Context; selector?: string } = {}
) {
  const { context = 'differ', selector, ...rest } = options
  return runReconcile({
    kubeconfig: { path: testKubeconfigPath(), context },
    targets: [{ name: 'test', renderer: 'plain', paths: [dir], selector, ignore: [] }],
    fieldManager: 'kube-drift',
    concurrency: 4,
    cwd: '/',
    dryRun: false,
    prune: false,
    forceConflicts: true,
    ...rest
  })
}

function deploy(ns: string): string {
  const dir = manifestDir(baseApp(ns))
  kubectl(['apply', '--server-side', '--force-conflicts', '-f', dir])
  return dir
}

/** resourceVersion of every object of the base app, to prove what was (not) written. */
function resourceVersions(ns: string): Record<string, string> {
  const out = kubectl([
    '-n',
    ns,
    'get',
    'deployment,service,configmap,secret,role,ingress,cronjob',
    '-o',
    'json'
  ])
  const items = (
    JSON.parse(out) as {
      items: { kind: string; metadata: { name: string; resourceVersion: string } }[]
    }
  ).items
  return Object.fromEntries(
    items.map(i => [`${i.kind}/${i.metadata.name}`, i.metadata.resourceVersion])
  )
}

/** resourceVersions once controllers stopped writing (two reads a second apart agree). */
async function settledResourceVersions(ns: string): Promise<Record<string, string>> {
  let last = resourceVersions(ns)
  for (let i = 0; i < 30; i++) {
    await new Promise(resolve => setTimeout(resolve, 1000))
    const now = resourceVersions(ns)
    if (JSON.stringify(now) === JSON.stringify(last)) return now
    last = now
  }
  throw new Error(`objects in ${ns} kept changing`)
}

const EDIT_ADD_ENV = {
  KUBE_EDITOR: `sed -i 's/^\\(\\s*\\)- name: MODE/\\1- name: DEBUG\\n\\1  value: "true"\\n&/'`
}

/** Each section-B change as people make it (B9 Extra is the prune test below). */
const CHANGES: [string, (ns: string) => void][] = [
  ['B1 kubectl scale', ns => kubectl(['-n', ns, 'scale', 'deployment/api', '--replicas=5'])],
  [
    'B2 kubectl set image',
    ns =>
      kubectl(['-n', ns, 'set', 'image', 'deployment/api', 'app=registry.example.com/api:hotfix'])
  ],
  ['B3 env value patched', ns => kubectl(['-n', ns, 'set', 'env', 'deployment/api', 'MODE=debug'])],
  [
    'B4 env added with kubectl edit',
    ns => kubectl(['-n', ns, 'edit', 'deployment/api'], { env: EDIT_ADD_ENV })
  ],
  [
    'B5 labels added, changed, removed',
    ns => {
      kubectl(['-n', ns, 'label', 'deployment/api', 'owner=night-shift'])
      kubectl(['-n', ns, 'label', 'service/api', 'app.kubernetes.io/part-of=other', '--overwrite'])
      kubectl(['-n', ns, 'label', 'deployment/api', 'tier-'])
    }
  ],
  [
    'B6 ConfigMap keys changed, added, removed',
    ns =>
      kubectl([
        '-n',
        ns,
        'patch',
        'configmap/settings',
        '--type=merge',
        '-p',
        '{"data":{"LOG_LEVEL":"debug","EXTRA":"1","RETRIES":null}}'
      ])
  ],
  [
    'B7 Secret value changed',
    ns =>
      kubectl([
        '-n',
        ns,
        'patch',
        'secret/credentials',
        '-p',
        '{"stringData":{"password":"rotated"}}'
      ])
  ],
  ['B8 resource deleted', ns => kubectl(['-n', ns, 'delete', 'service/api', 'configmap/settings'])],
  [
    'B10 Service port and Ingress host changed',
    ns => {
      kubectl([
        '-n',
        ns,
        'patch',
        'service/api',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/ports/0/port","value":8080}]'
      ])
      kubectl([
        '-n',
        ns,
        'patch',
        'ingress/api',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/rules/0/host","value":"evil.example.com"}]'
      ])
    }
  ],
  [
    'B11 container resources changed',
    ns => kubectl(['-n', ns, 'set', 'resources', 'deployment/api', '-c', 'app', '--limits=cpu=2'])
  ],
  [
    'B13 a controller changed spec.replicas',
    ns =>
      kubectl([
        '-n',
        ns,
        'patch',
        'deployment/api',
        '--subresource=scale',
        '--type=merge',
        '-p',
        '{"spec":{"replicas":7}}',
        '--field-manager=kube-controller-manager'
      ])
  ],
  [
    'B14 RBAC rule changed',
    ns =>
      kubectl([
        '-n',
        ns,
        'patch',
        'role/reader',
        '--type=json',
        '-p',
        '[{"op":"add","path":"/rules/0/verbs/-","value":"delete"}]'
      ])
  ],
  [
    'B16 Namespace label changed',
    ns => kubectl(['label', `namespace/${ns}`, 'env=prod', '--overwrite'])
  ]
]

describe('reconcile', () => {
  it.each(CHANGES)('%s: reconcile, then detect says InSync', async (name, change) => {
    const ns = `r-${name.split(' ')[0]?.toLowerCase()}`
    const dir = deploy(ns)
    change(ns)
    const before = await check({ paths: [dir] })
    expect(before.resources.some(r => r.status !== 'InSync')).toBe(true)

    const result = await reconcile(dir)
    expect(result.failed).toBe(0)
    expect(result.actions.length).toBeGreaterThan(0)
    expect(
      verdicts(result.after?.targets[0]?.resources.filter(r => r.status !== 'InSync') ?? [])
    ).toEqual([])

    const after = await check({ paths: [dir] })
    expect(verdicts(after.resources.filter(r => r.status !== 'InSync'))).toEqual([])
  })

  it('B12: fields removed from Git are removed from the cluster (client-side applied before)', async () => {
    const withLabel = manifestDir(baseApp('r-b12', { extraLabel: true }))
    kubectl(['apply', '-f', withLabel])
    const dir = manifestDir(baseApp('r-b12'))
    const result = await reconcile(dir)
    expect(result.failed).toBe(0)
    expect(result.actions.find(a => a.kind === 'Deployment')?.removedFields).toEqual([
      '/metadata/labels/extra'
    ])
    expect(
      kubectl(['-n', 'r-b12', 'get', 'deployment/api', '-o', 'jsonpath={.metadata.labels.extra}'])
    ).toBe('')
    const after = await check({ paths: [dir] })
    expect(verdicts(after.resources.filter(r => r.status !== 'InSync'))).toEqual([])
  })

  it('B15 and order: a CRD and its custom resource, both missing, are created CRD first', async () => {
    const group = 'r-b15.drift.test'
    const dir = manifestDir({
      'crd.yaml': `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: gadgets.${group}\nspec:\n  group: ${group}\n  scope: Namespaced\n  names: { plural: gadgets, singular: gadget, kind: Gadget }\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              properties:\n                size: { type: integer }\n`,
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: r-b15\n',
      'gadget.yaml': `apiVersion: ${group}/v1\nkind: Gadget\nmetadata:\n  name: g\n  namespace: r-b15\nspec:\n  size: 3\n`
    })
    const result = await reconcile(dir, { context: 'admin' })
    expect(result.failed).toBe(0)
    expect(result.actions.map(a => `${a.action} ${a.kind}`)).toEqual([
      'create CustomResourceDefinition',
      'create Namespace',
      'create Gadget'
    ])
    const after = await check({ paths: [dir] })
    expect(verdicts(after.resources.filter(r => r.status !== 'InSync'))).toEqual([])
    // And a custom resource spec field changed by hand is put back.
    kubectl([
      '-n',
      'r-b15',
      'patch',
      `gadgets.${group}/g`,
      '--type=merge',
      '-p',
      '{"spec":{"size":9}}'
    ])
    expect((await reconcile(dir)).failed).toBe(0)
    expect(
      kubectl(['-n', 'r-b15', 'get', `gadgets.${group}/g`, '-o', 'jsonpath={.spec.size}'])
    ).toBe('3')
  })

  it('keeps what the ignore rules accept: the HPA-set replicas stay while the image is put back', async () => {
    const dir = deploy('r-ignore')
    kubectl([
      '-n',
      'r-ignore',
      'patch',
      'deployment/api',
      '--subresource=scale',
      '--type=merge',
      '-p',
      '{"spec":{"replicas":7}}',
      '--field-manager=kube-controller-manager'
    ])
    kubectl([
      '-n',
      'r-ignore',
      'set',
      'image',
      'deployment/api',
      'app=registry.example.com/api:hotfix'
    ])
    const result = await runReconcile({
      kubeconfig: { path: testKubeconfigPath(), context: 'differ' },
      targets: [
        {
          name: 't',
          renderer: 'plain',
          paths: [dir],
          ignore: [{ managers: ['kube-controller-manager'] }]
        }
      ],
      fieldManager: 'kube-drift',
      concurrency: 2,
      cwd: '/',
      dryRun: false,
      prune: false,
      forceConflicts: true
    })
    expect(result.failed).toBe(0)
    const get = (path: string) =>
      kubectl(['-n', 'r-ignore', 'get', 'deployment/api', '-o', `jsonpath={${path}}`])
    expect(get('.spec.replicas')).toBe('7')
    expect(get('.spec.template.spec.containers[0].image')).toBe('registry.example.com/api:1.0')
    expect(result.after?.summary).toMatchObject({ drifted: 0, ignored: 1 })
  })

  it('a dry run shows the plan and leaves every resourceVersion unchanged', async () => {
    const dir = deploy('r-dry')
    kubectl(['-n', 'r-dry', 'scale', 'deployment/api', '--replicas=5'])
    kubectl(['-n', 'r-dry', 'edit', 'deployment/api'], { env: EDIT_ADD_ENV })
    kubectl(['-n', 'r-dry', 'delete', 'configmap/settings'])
    // The rollout the edits started makes controllers write status: wait until nothing moves.
    const versions = await settledResourceVersions('r-dry')
    const result = await reconcile(dir, { dryRun: true })
    expect(result.after).toBeNull()
    expect(result.actions.map(a => `${a.outcome} ${a.action} ${a.kind}/${a.name}`).sort()).toEqual([
      'would-apply create ConfigMap/settings',
      'would-apply update Deployment/api'
    ])
    expect(resourceVersions('r-dry')).toEqual(versions)
    expect(kubectl(['-n', 'r-dry', 'get', 'configmap', '-o', 'name'])).not.toContain('settings')
  })

  it('a second reconcile right after the first writes nothing', async () => {
    const dir = deploy('r-twice')
    kubectl([
      '-n',
      'r-twice',
      'set',
      'image',
      'deployment/api',
      'app=registry.example.com/api:hotfix'
    ])
    expect((await reconcile(dir)).actions).toHaveLength(1)
    // Controllers still write status after the rollout: wait until nothing moves.
    const versions = await settledResourceVersions('r-twice')
    const second = await reconcile(dir)
    expect(second.actions).toEqual([])
    expect(resourceVersions('r-twice')).toEqual(versions)
  })

  it('prune deletes only Extra objects the selector selects, never a Namespace unless named', async () => {
    const dir = deploy('r-prune')
    kubectl(['-n', 'r-prune', 'create', 'configmap', 'hand-made', '--from-literal=a=1'])
    kubectl(['-n', 'r-prune', 'label', 'configmap/hand-made', 'app.kubernetes.io/part-of=r-prune'])
    kubectl(['-n', 'r-prune', 'create', 'configmap', 'someone-elses', '--from-literal=a=1'])
    kubectl(['create', 'namespace', 'r-prune-extra-ns'])
    kubectl(['label', 'namespace/r-prune-extra-ns', 'app.kubernetes.io/part-of=r-prune'])
    const selector = 'app.kubernetes.io/part-of=r-prune'
    const result = await reconcile(dir, { context: 'admin', prune: true, selector })
    expect(result.failed).toBe(0)
    expect(result.actions.map(a => `${a.action} ${a.kind}/${a.name}`)).toEqual([
      'prune ConfigMap/hand-made'
    ])
    expect(result.skipped.map(s => s.key.name)).toEqual(['r-prune-extra-ns'])
    const configMaps = kubectl(['-n', 'r-prune', 'get', 'configmap', '-o', 'name'])
    expect(configMaps).not.toContain('hand-made')
    expect(configMaps).toContain('someone-elses')
    expect(kubectl(['get', 'namespace', 'r-prune-extra-ns', '-o', 'name'])).toContain(
      'r-prune-extra-ns'
    )

    const named = await reconcile(dir, {
      context: 'admin',
      prune: true,
      selector,
      allowPrune: ['Namespace/r-prune-extra-ns']
    })
    expect(named.actions.map(a => `${a.action} ${a.kind}/${a.name}`)).toEqual([
      'prune Namespace/r-prune-extra-ns'
    ])
  })

  it('refuses prune without a selector, and a pull_request event unless allowed', async () => {
    const dir = manifestDir({
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: default\n'
    })
    await expect(reconcile(dir, { prune: true })).rejects.toThrow(
      'prune needs an explicit selector'
    )
    await expect(reconcile(dir, { event: 'pull_request' })).rejects.toThrow(
      'reconcile refuses to run from a pull_request event'
    )
    const allowed = await reconcile(dir, {
      event: 'pull_request',
      allowOnPullRequest: true,
      dryRun: true
    })
    expect(allowed.failed).toBe(0)
  })

  it('an identity without create or delete fails with a message naming the verb; the rest still goes on', async () => {
    const dir = deploy('r-rbac')
    kubectl(['-n', 'r-rbac', 'delete', 'configmap/settings'])
    kubectl(['-n', 'r-rbac', 'scale', 'deployment/api', '--replicas=5'])
    kubectl(['-n', 'r-rbac', 'create', 'configmap', 'hand-made', '--from-literal=a=1'])
    kubectl(['-n', 'r-rbac', 'label', 'configmap/hand-made', 'app.kubernetes.io/part-of=r-rbac'])
    // May read and patch, but neither create nor delete.
    const kubeconfig = serviceAccountKubeconfig('r-rbac', 'patcher', [
      {
        apiGroups: ['', 'apps', 'networking.k8s.io', 'batch', 'rbac.authorization.k8s.io'],
        resources: ['*'],
        verbs: ['get', 'list', 'patch']
      }
    ])
    const result = await runReconcile({
      kubeconfig: { path: kubeconfig },
      targets: [
        {
          name: 't',
          renderer: 'plain',
          paths: [dir],
          selector: 'app.kubernetes.io/part-of=r-rbac',
          ignore: []
        }
      ],
      fieldManager: 'kube-drift',
      concurrency: 2,
      cwd: '/',
      dryRun: false,
      prune: true,
      forceConflicts: true
    })
    const byName = Object.fromEntries(
      result.actions.map(a => [`${a.action} ${a.kind}/${a.name}`, a])
    )
    expect(byName['create ConfigMap/settings']?.error).toContain(
      'identity "system:serviceaccount:r-rbac:patcher" may not create configmaps in namespace r-rbac'
    )
    expect(byName['prune ConfigMap/hand-made']?.error).toContain(
      'may not delete configmaps in namespace r-rbac'
    )
    expect(byName['update Deployment/api']?.outcome).toBe('applied')
    expect(result.failed).toBe(2)
    expect(
      kubectl(['-n', 'r-rbac', 'get', 'deployment/api', '-o', 'jsonpath={.spec.replicas}'])
    ).toBe('3')
  })

  it('the bundled CLI: a dry run whose check had errors exits 1, never "nothing to change"', () => {
    // A kind the cluster does not serve: the check before the plan has an Error and no action.
    const dir = manifestDir({
      'widget.yaml':
        'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: default\n'
    })
    const dry = spawnSync(
      process.execPath,
      [
        'dist/cli.js',
        'reconcile',
        '-p',
        dir,
        '--kubeconfig',
        testKubeconfigPath(),
        '--context',
        'differ',
        '-q',
        '--dry-run'
      ],
      { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8' }
    )
    expect(dry.stdout).toContain('❌ dry run: 1 resource(s) could not be checked')
    expect(dry.stdout).not.toContain('nothing to change')
    expect(dry.status).toBe(1)
  })

  it('the bundled CLI: a dry run exits 2 and changes nothing, the real run exits 0', () => {
    const dir = deploy('r-cli')
    kubectl(['-n', 'r-cli', 'scale', 'deployment/api', '--replicas=5'])
    const cli = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [
          'dist/cli.js',
          'reconcile',
          '-p',
          dir,
          '--kubeconfig',
          testKubeconfigPath(),
          '--context',
          'differ',
          '-q',
          ...args
        ],
        { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8' }
      )
    const dry = cli('--dry-run')
    expect(dry.status).toBe(2)
    expect(dry.stdout).toContain('• Deployment.apps r-cli/api: would update')
    expect(
      kubectl(['-n', 'r-cli', 'get', 'deployment/api', '-o', 'jsonpath={.spec.replicas}'])
    ).toBe('5')
    const real = cli()
    expect(real.stdout).toContain('✔ Deployment.apps r-cli/api: updated')
    expect(real.status).toBe(0)
    expect(
      kubectl(['-n', 'r-cli', 'get', 'deployment/api', '-o', 'jsonpath={.spec.replicas}'])
    ).toBe('3')
    const json = cli('-o', 'json')
    expect(JSON.parse(json.stdout)).toMatchObject({
      kind: 'ReconcileReport',
      actions: [],
      failed: 0
    })
  })
})
