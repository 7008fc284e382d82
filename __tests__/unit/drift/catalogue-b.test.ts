// DRIFT-CATALOGUE.md section B at the unit level: each change people and
// controllers make, reported with the field, the values and who changed it.

import { extraResource, isControllerOwned } from '../../../src/drift/index.ts'
import type { KubeObject } from '../../../src/types.ts'
import { type Method, compare, compareBy, diffLines } from './compare-helpers.ts'
import {
  T_APPLY,
  T_EDIT,
  addEntry,
  configMapDesired,
  configMapLive,
  deleteAt,
  deploymentDesired,
  deploymentLive,
  deploymentLiveClientSide,
  dropOwnership,
  entry,
  serviceDesired,
  serviceLive,
  setAt
} from './fixtures.ts'

const CONTAINER = '/spec/template/spec/containers/0'
const APP = 'k:{"name":"app"}'
const inApp = (fields: Record<string, unknown>) => ({
  'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { [APP]: fields } } } }
})
const appFieldsPath = ['f:spec', 'f:template', 'f:spec', 'f:containers', APP]
const METHODS: Method[] = ['local', 'server']

/** kubectl scale deploy/api --replicas=5: kubectl 1.35 writes the scale subresource as "kubectl". */
function scaled(): KubeObject {
  const live = deploymentLive()
  setAt(live, '/spec/replicas', 5)
  dropOwnership(live, 'kubectl', ['f:spec', 'f:replicas'])
  addEntry(live, entry('kubectl', 'Update', { 'f:spec': { 'f:replicas': {} } }, T_EDIT, 'scale'))
  return live
}

describe.each(METHODS)('catalogue B, %s comparison', method => {
  it('B1: kubectl scale 3 -> 5 is Drifted /spec/replicas, by the manager that owns it', () => {
    const result = compareBy(method, deploymentDesired(), scaled(), deploymentLive())
    expect(result.status).toBe('Drifted')
    expect(result.method).toBe(method)
    expect(result.changes).toEqual([
      {
        path: '/spec/replicas',
        reason: 'changed',
        desired: 3,
        live: 5,
        manager: 'kubectl',
        operation: 'Update',
        subresource: 'scale',
        time: T_EDIT
      }
    ])
    expect(diffLines(result.diff, '-')).toEqual(['-  replicas: 5'])
    expect(diffLines(result.diff, '+')).toEqual(['+  replicas: 3'])
  })

  it('B2: kubectl set image is Drifted on the container image, by kubectl-set', () => {
    const live = deploymentLive()
    setAt(live, `${CONTAINER}/image`, 'registry.example.com/api:1.5.0-hotfix')
    dropOwnership(live, 'kubectl', [...appFieldsPath, 'f:image'])
    addEntry(live, entry('kubectl-set', 'Update', inApp({ 'f:image': {} }), T_EDIT))
    const result = compareBy(method, deploymentDesired(), live, deploymentLive())
    expect(result.changes).toEqual([
      {
        path: `${CONTAINER}/image`,
        reason: 'changed',
        desired: 'registry.example.com/api:1.4.2',
        live: 'registry.example.com/api:1.5.0-hotfix',
        manager: 'kubectl-set',
        operation: 'Update',
        time: T_EDIT
      }
    ])
  })

  it('B3: an env value edited with kubectl edit is Drifted on that env entry', () => {
    const live = deploymentLive()
    setAt(live, `${CONTAINER}/env/1/value`, 'debug')
    dropOwnership(live, 'kubectl', [...appFieldsPath, 'f:env', 'k:{"name":"LOG_LEVEL"}', 'f:value'])
    addEntry(
      live,
      entry(
        'kubectl-edit',
        'Update',
        inApp({ 'f:env': { 'k:{"name":"LOG_LEVEL"}': { 'f:value': {} } } }),
        T_EDIT
      )
    )
    const result = compareBy(method, deploymentDesired(), live, deploymentLive())
    expect(result.changes).toEqual([
      {
        path: `${CONTAINER}/env/1/value`,
        reason: 'changed',
        desired: 'info',
        live: 'debug',
        manager: 'kubectl-edit',
        operation: 'Update',
        time: T_EDIT
      }
    ])
  })

  it('B4: an env var ADDED by kubectl edit is Drifted "added out of band" (kubectl diff misses it)', () => {
    const live = deploymentLive()
    setAt(live, `${CONTAINER}/env/-`, { name: 'DEBUG', value: 'true' })
    addEntry(
      live,
      entry(
        'kubectl-edit',
        'Update',
        inApp({ 'f:env': { 'k:{"name":"DEBUG"}': { '.': {}, 'f:name': {}, 'f:value': {} } } }),
        T_EDIT
      )
    )
    // The server keeps a field another manager owns: the dry-run result still has DEBUG.
    const dryRun = structuredClone(live)
    const result = compareBy(method, deploymentDesired(), live, dryRun)
    expect(result.status).toBe('Drifted')
    expect(result.changes).toEqual([
      {
        path: `${CONTAINER}/env/2`,
        reason: 'added-out-of-band',
        live: { name: 'DEBUG', value: 'true' },
        manager: 'kubectl-edit',
        operation: 'Update',
        time: T_EDIT
      }
    ])
    // Git does not have it, so the diff shows it as removed lines.
    expect(diffLines(result.diff, '-')).toEqual([
      '-            - name: DEBUG',
      "-              value: 'true'"
    ])
    expect(diffLines(result.diff, '+')).toEqual([])
  })

  it('B5: a label added with kubectl label is reported on that key', () => {
    const live = deploymentLive()
    setAt(live, '/metadata/labels/team', 'payments')
    addEntry(
      live,
      entry('kubectl-label', 'Update', { 'f:metadata': { 'f:labels': { 'f:team': {} } } }, T_EDIT)
    )
    const result = compareBy(method, deploymentDesired(), live, structuredClone(live))
    expect(result.changes).toMatchObject([
      {
        path: '/metadata/labels/team',
        reason: 'added-out-of-band',
        live: 'payments',
        manager: 'kubectl-label'
      }
    ])
  })

  it('B5: a label changed with kubectl label --overwrite is reported on that key', () => {
    const live = deploymentLive()
    setAt(live, '/metadata/labels/app', 'api-canary')
    dropOwnership(live, 'kubectl', ['f:metadata', 'f:labels', 'f:app'])
    addEntry(
      live,
      entry('kubectl-label', 'Update', { 'f:metadata': { 'f:labels': { 'f:app': {} } } }, T_EDIT)
    )
    const result = compareBy(method, deploymentDesired(), live, deploymentLive())
    expect(result.changes).toEqual([
      {
        path: '/metadata/labels/app',
        reason: 'changed',
        desired: 'api',
        live: 'api-canary',
        manager: 'kubectl-label',
        operation: 'Update',
        time: T_EDIT
      }
    ])
  })

  it('B5: a label removed in the cluster is reported on that key, desired value only', () => {
    const desired = deploymentDesired()
    setAt(desired, '/metadata/labels/team', 'payments')
    // `kubectl label deploy/api team-`: the value is gone, and with it any owner.
    const live = deploymentLive()
    const dryRun = deploymentLive()
    setAt(dryRun, '/metadata/labels/team', 'payments')
    const result = compareBy(method, desired, live, dryRun)
    expect(result.changes).toEqual([
      { path: '/metadata/labels/team', reason: 'changed', desired: 'payments' }
    ])
  })

  it('B6: a ConfigMap key changed, added and removed are each reported on their key', () => {
    const live = configMapLive()
    setAt(live, '/data/LOG_FORMAT', 'text')
    deleteAt(live, '/data/app.properties')
    setAt(live, '/data/FEATURE_X', 'on')
    // The edit took LOG_FORMAT and removed app.properties: kubectl's Apply entry is left
    // owning nothing, and the server drops an empty entry.
    live.metadata.managedFields = [
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        apiVersion: 'v1',
        time: T_EDIT,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:FEATURE_X': {}, 'f:LOG_FORMAT': {} } }
      }
    ]
    const dryRun = configMapLive()
    setAt(dryRun, '/data/FEATURE_X', 'on')
    const result = compareBy(method, configMapDesired(), live, dryRun)
    expect(result.status).toBe('Drifted')
    expect(result.changes).toEqual([
      {
        path: '/data/FEATURE_X',
        reason: 'added-out-of-band',
        live: 'on',
        manager: 'kubectl-edit',
        operation: 'Update',
        time: T_EDIT
      },
      {
        path: '/data/LOG_FORMAT',
        reason: 'changed',
        desired: 'json',
        live: 'text',
        manager: 'kubectl-edit',
        operation: 'Update',
        time: T_EDIT
      },
      { path: '/data/app.properties', reason: 'changed', desired: 'threads=8\ntimeout=30s\n' }
    ])
  })

  it('B10: a Service port changed is Drifted on the port (not "added out of band")', () => {
    const live = serviceLive()
    setAt(live, '/spec/ports/0/port', 8081)
    addEntry(live, {
      manager: 'kubectl-edit',
      operation: 'Update',
      apiVersion: 'v1',
      time: T_EDIT,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:spec': { 'f:ports': { 'k:{"port":8081,"protocol":"TCP"}': { '.': {}, 'f:port': {} } } }
      }
    })
    const result = compareBy(method, serviceDesired(), live, serviceLive())
    expect(result.changes).toEqual([
      {
        path: '/spec/ports/0/port',
        reason: 'changed',
        desired: 80,
        live: 8081,
        manager: 'kubectl-edit',
        operation: 'Update',
        time: T_EDIT
      }
    ])
  })

  it('B10: an Ingress host changed is Drifted on the host', () => {
    const ingress = (host: string): KubeObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'api', namespace: 'web' },
      spec: {
        ingressClassName: 'nginx',
        rules: [
          {
            host,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'api', port: { number: 80 } } }
                }
              ]
            }
          }
        ]
      }
    })
    const live = ingress('api.staging.example.com')
    const result = compareBy(method, ingress('api.example.com'), live, ingress('api.example.com'))
    expect(result.changes).toEqual([
      {
        path: '/spec/rules/0/host',
        reason: 'changed',
        desired: 'api.example.com',
        live: 'api.staging.example.com'
      }
    ])
  })

  it('B11: container resources changed are Drifted, compared by value', () => {
    const live = deploymentLive()
    setAt(live, `${CONTAINER}/resources/limits/cpu`, '2')
    setAt(live, `${CONTAINER}/resources/limits/memory`, '1024Mi')
    dropOwnership(live, 'kubectl', [...appFieldsPath, 'f:resources', 'f:limits', 'f:cpu'])
    addEntry(
      live,
      entry(
        'kubectl-set',
        'Update',
        inApp({ 'f:resources': { 'f:limits': { 'f:cpu': {} } } }),
        T_EDIT
      )
    )
    const result = compareBy(method, deploymentDesired(), live, deploymentLive())
    // 1024Mi is 1Gi: only the cpu limit differs.
    expect(result.changes).toEqual([
      {
        path: `${CONTAINER}/resources/limits/cpu`,
        reason: 'changed',
        desired: method === 'server' ? '1' : 1,
        live: '2',
        manager: 'kubectl-set',
        operation: 'Update',
        time: T_EDIT
      }
    ])
  })

  it('B12: an env var removed from Git after kubectl apply --server-side is Drifted "removed from git"', () => {
    const desired = deploymentDesired()
    deleteAt(desired, `${CONTAINER}/env/1`)
    // kubectl (not kube-drift) still owns LOG_LEVEL, so the server's dry-run keeps it.
    const result = compareBy(method, desired, deploymentLive(), deploymentLive())
    expect(result.status).toBe('Drifted')
    expect(result.changes).toEqual([
      {
        path: `${CONTAINER}/env/1`,
        reason: 'removed-from-git',
        live: { name: 'LOG_LEVEL', value: 'info' },
        manager: 'kubectl',
        operation: 'Apply',
        time: T_APPLY
      }
    ])
    expect(diffLines(result.diff, '-')).toEqual([
      '-            - name: LOG_LEVEL',
      '-              value: info'
    ])
    expect(diffLines(result.diff, '+')).toEqual([])
  })

  it('B12: a field removed from Git after kube-drift applied it is reported once', () => {
    const desired = deploymentDesired()
    deleteAt(desired, `${CONTAINER}/env/1`)
    const live = deploymentLive()
    live.metadata.managedFields = (live.metadata.managedFields ?? []).map(managed =>
      managed.manager === 'kubectl' ? { ...managed, manager: 'kube-drift' } : managed
    )
    // Our own manager applying without the field: the server's dry-run drops it.
    const dryRun = deploymentLive()
    deleteAt(dryRun, `${CONTAINER}/env/1`)
    const result = compareBy(method, desired, live, dryRun)
    expect(result.changes).toMatchObject([
      { path: `${CONTAINER}/env/1`, reason: 'removed-from-git', manager: 'kube-drift' }
    ])
  })

  it('B12: a field removed from Git after client-side kubectl apply is Drifted "removed from git"', () => {
    const desired = deploymentDesired()
    deleteAt(desired, `${CONTAINER}/resources`)
    const live = deploymentLiveClientSide()
    const result = compareBy(method, desired, live, structuredClone(live))
    expect(result.changes).toEqual([
      {
        path: `${CONTAINER}/resources`,
        reason: 'removed-from-git',
        live: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '256Mi' } },
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        time: T_APPLY
      }
    ])
  })

  describe('B13: HPA changes spec.replicas', () => {
    /** The HPA controller (in kube-controller-manager) scaled through the scale subresource. */
    function autoscaled(): KubeObject {
      const live = deploymentLive()
      setAt(live, '/spec/replicas', 7)
      dropOwnership(live, 'kubectl', ['f:spec', 'f:replicas'])
      addEntry(
        live,
        entry(
          'kube-controller-manager',
          'Update',
          { 'f:spec': { 'f:replicas': {} } },
          T_EDIT,
          'scale'
        )
      )
      return live
    }

    it('is Drifted, attributed to the controller', () => {
      const result = compareBy(method, deploymentDesired(), autoscaled(), deploymentLive())
      expect(result.changes).toEqual([
        {
          path: '/spec/replicas',
          reason: 'changed',
          desired: 3,
          live: 7,
          manager: 'kube-controller-manager',
          operation: 'Update',
          subresource: 'scale',
          time: T_EDIT
        }
      ])
    })

    it.each([
      ['manager', { managers: ['kube-controller-manager'] }],
      ['path', { paths: ['/spec/replicas'] }],
      ['path and kind', { kind: 'Deployment', paths: ['/spec/replicas'] }]
    ])('is silenced by an ignore rule by %s, and counted', (_, rule) => {
      const result = compareBy(method, deploymentDesired(), autoscaled(), deploymentLive(), {
        ignore: [rule]
      })
      expect(result).toMatchObject({ status: 'InSync', changes: [], diff: '', ignored: 1 })
    })

    it('an ignore rule for another kind does not silence it', () => {
      const result = compareBy(method, deploymentDesired(), autoscaled(), deploymentLive(), {
        ignore: [{ kind: 'StatefulSet', paths: ['/spec/replicas'] }]
      })
      expect(result).toMatchObject({ status: 'Drifted', ignored: 0 })
    })
  })

  it('B14: an RBAC rule changed is Drifted on that rule', () => {
    const role = (verbs: string[]): KubeObject => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'api-reader', namespace: 'web' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs }]
    })
    const live = role(['get', 'list', 'watch', 'delete'])
    const result = compareBy(
      method,
      role(['get', 'list', 'watch']),
      live,
      role(['get', 'list', 'watch'])
    )
    expect(result.changes).toEqual([
      {
        path: '/rules/0/verbs',
        reason: 'changed',
        desired: ['get', 'list', 'watch'],
        live: ['get', 'list', 'watch', 'delete']
      }
    ])
  })

  it('B15: a custom resource spec field changed is Drifted', () => {
    const widget = (size: number): KubeObject => ({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'web', generation: 2 },
      spec: { size, color: 'blue' },
      status: { ready: true }
    })
    const result = compareBy(method, widget(3), widget(5), widget(3))
    expect(result.changes).toEqual([{ path: '/spec/size', reason: 'changed', desired: 3, live: 5 }])
  })

  it('B16: a Namespace label changed is Drifted on that label', () => {
    const namespace = (tier: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'web', labels: { 'kubernetes.io/metadata.name': 'web', tier } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' }
    })
    const desired: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'web', labels: { tier: 'prod' } }
    }
    const result = compareBy(method, desired, namespace('dev'), namespace('prod'))
    expect(result.changes).toEqual([
      { path: '/metadata/labels/tier', reason: 'changed', desired: 'prod', live: 'dev' }
    ])
  })

  it('B17: a change covered by an ignore rule is not reported, the rest is, and the ignored one is counted', () => {
    const live = scaled()
    setAt(live, `${CONTAINER}/image`, 'registry.example.com/api:1.5.0')
    const result = compareBy(method, deploymentDesired(), live, deploymentLive(), {
      ignore: [{ paths: ['/spec/replicas'] }]
    })
    expect(result.status).toBe('Drifted')
    expect(result.ignored).toBe(1)
    expect(result.changes.map(change => change.path)).toEqual([`${CONTAINER}/image`])
    // The ignored change does not show in the diff either.
    expect(result.diff).not.toContain('replicas')
    expect(result.diff).toContain('+          image: registry.example.com/api:1.4.2')
  })
})

describe('catalogue B8/B9: deleted and hand-created resources', () => {
  it('B8: a deleted resource is Missing, with the whole desired object as added lines', () => {
    const result = compare(deploymentDesired(), null)
    expect(result).toMatchObject({
      kind: 'Deployment',
      namespace: 'web',
      name: 'api',
      status: 'Missing',
      method: 'none',
      changes: [{ path: '', reason: 'missing-live' }],
      error: null
    })
    expect(diffLines(result.diff, '-')).toEqual([])
    expect(diffLines(result.diff, '+')).toContain('+  replicas: 3')
  })

  it('B9: a hand-created resource is Extra; a controller-owned child never is', () => {
    const extra = extraResource(configMapLive(), 'salt')
    expect(extra.status).toBe('Extra')
    expect(diffLines(extra.diff, '+')).toEqual([])
    expect(diffLines(extra.diff, '-')).toContain('-  LOG_FORMAT: json')
    const replicaSet: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'api-7d9c8b6f5d',
        namespace: 'web',
        labels: { app: 'api' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'api',
            uid: '5f0c7c1e-8d5b-4a43-9d0e-2f1f3b1f8a11',
            controller: true
          }
        ]
      }
    }
    expect(isControllerOwned(replicaSet)).toBe(true)
  })
})
