// DRIFT-CATALOGUE.md section A at the unit level: what the server adds or rewrites
// must never count. Local comparisons matter most here: without the server's
// dry-run, only normalization stands between a default and a false drift report.

import type { KubeObject } from '../../../src/types.ts'
import { type Method, compareBy } from './compare-helpers.ts'
import {
  T_APPLY,
  T_LATER,
  addEntry,
  configMapDesired,
  configMapLive,
  deploymentDesired,
  deploymentLive,
  deploymentLiveClientSide,
  entry,
  secretDesired,
  secretLive,
  serviceDesired,
  serviceLive,
  setAt
} from './fixtures.ts'

const CONTAINER = '/spec/template/spec/containers/0'
const METHODS: Method[] = ['local', 'server']

/** What a server-side apply dry-run of unchanged manifests returns: live, plus our ownership. */
function dryRunOf(live: KubeObject): KubeObject {
  const result = structuredClone(live)
  result.metadata.resourceVersion = '99999'
  addEntry(result, entry('kube-drift', 'Apply', {}, T_LATER))
  return result
}

function expectInSync(result: ReturnType<typeof compareBy>) {
  expect(result.changes).toEqual([])
  expect(result).toMatchObject({ status: 'InSync', diff: '', error: null, ignored: 0 })
}

describe.each(METHODS)('catalogue A, %s comparison', method => {
  it('Deployment after kubectl apply --server-side: server defaults, status, revision annotation', () => {
    // live has strategy, revisionHistoryLimit, progressDeadlineSeconds, restartPolicy,
    // dnsPolicy, schedulerName, securityContext: {}, terminationGracePeriodSeconds,
    // imagePullPolicy, terminationMessagePath/Policy, port protocol; cpu 0.5 became 500m.
    const live = deploymentLive()
    expectInSync(compareBy(method, deploymentDesired(), live, dryRunOf(live)))
  })

  it('Deployment after client-side kubectl apply (last-applied annotation present)', () => {
    const live = deploymentLiveClientSide()
    expectInSync(compareBy(method, deploymentDesired(), live, dryRunOf(live)))
  })

  it('Deployment installed by helm (manager helm, Update)', () => {
    const live = deploymentLive()
    live.metadata.managedFields = (live.metadata.managedFields ?? []).map(managed =>
      managed.manager === 'kubectl' ? { ...managed, manager: 'helm', operation: 'Update' } : managed
    )
    setAt(live, '/metadata/annotations/meta.helm.sh~1release-name', 'api')
    const desired = deploymentDesired()
    setAt(desired, '/metadata/annotations', { 'meta.helm.sh/release-name': 'api' })
    expectInSync(compareBy(method, desired, live, dryRunOf(live)))
  })

  it('Deployment after kube-drift reconcile (manager kube-drift, Apply)', () => {
    const live = deploymentLive()
    live.metadata.managedFields = (live.metadata.managedFields ?? []).map(managed =>
      managed.manager === 'kubectl' ? { ...managed, manager: 'kube-drift' } : managed
    )
    expectInSync(compareBy(method, deploymentDesired(), live, dryRunOf(live)))
  })

  it('Service: clusterIP(s), ipFamilies, sessionAffinity, protocol; targetPort "8080" vs 8080', () => {
    const live = serviceLive()
    expectInSync(compareBy(method, serviceDesired(), live, dryRunOf(live)))
  })

  it('Secret: stringData in Git, base64 data live, type defaulted to Opaque', () => {
    const live = secretLive('hunter2')
    expectInSync(compareBy(method, secretDesired('hunter2'), live, dryRunOf(live)))
  })

  it('ConfigMap with a multi-line value', () => {
    const live = configMapLive()
    expectInSync(compareBy(method, configMapDesired(), live, dryRunOf(live)))
  })

  it('Namespace: kubernetes.io/metadata.name label, spec.finalizers, status', () => {
    const live: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'web',
        uid: '1d2e3f40-0000-4000-8000-000000000001',
        resourceVersion: '120',
        creationTimestamp: T_APPLY,
        labels: { 'kubernetes.io/metadata.name': 'web', team: 'payments' }
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' }
    }
    const desired: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'web', labels: { team: 'payments' } }
    }
    expectInSync(compareBy(method, desired, live, dryRunOf(live)))
  })

  it('StatefulSet: podManagementPolicy, updateStrategy, retention policy, claim template volumeMode', () => {
    const desired: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'web' },
      spec: {
        serviceName: 'db',
        replicas: 1,
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: { containers: [{ name: 'postgres', image: 'postgres:17' }] }
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } }
          }
        ]
      }
    }
    const live = structuredClone(desired)
    Object.assign(live.spec as object, {
      podManagementPolicy: 'OrderedReady',
      revisionHistoryLimit: 10,
      updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      volumeClaimTemplates: [
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '10Gi' } },
            volumeMode: 'Filesystem'
          },
          status: { phase: 'Pending' }
        }
      ]
    })
    live.status = { replicas: 1, availableReplicas: 1 }
    expectInSync(compareBy(method, desired, live, dryRunOf(live)))
  })

  it('Job: generated selector and controller-uid/job-name labels, suspend, backoffLimit', () => {
    const desired: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: 'web' },
      spec: {
        template: {
          spec: { containers: [{ name: 'migrate', image: 'api:1.4.2' }], restartPolicy: 'Never' }
        }
      }
    }
    const uid = '8a1b2c3d-0000-4000-8000-000000000002'
    const live = structuredClone(desired)
    Object.assign(live.spec as object, {
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      suspend: false
    })
    setAt(live, '/spec/template/metadata', {
      labels: {
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': 'migrate',
        'controller-uid': uid,
        'job-name': 'migrate'
      }
    })
    expectInSync(compareBy(method, desired, live, dryRunOf(live)))
  })

  it('quantities: 500m vs 0.5 and 1Gi vs 1024Mi are NOT drift', () => {
    const desired = deploymentDesired()
    setAt(desired, `${CONTAINER}/resources`, {
      requests: { cpu: '0.5', memory: '1024Mi' },
      limits: { cpu: '1000m', memory: '1Gi' }
    })
    const live = deploymentLive()
    setAt(live, `${CONTAINER}/resources`, {
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { cpu: '1', memory: '1Gi' }
    })
    expectInSync(compareBy(method, desired, live, dryRunOf(live)))
  })

  it('int-or-string: 80 vs "80" is NOT drift', () => {
    const desired = serviceDesired()
    setAt(desired, '/spec/ports/0/targetPort', 80)
    const live = serviceLive()
    setAt(live, '/spec/ports/0/targetPort', '80')
    expectInSync(compareBy(method, desired, live, dryRunOf(live)))
  })

  it('{} and [] vs absent are NOT drift', () => {
    const desired = deploymentDesired()
    setAt(desired, '/metadata/annotations', {})
    setAt(desired, `${CONTAINER}/volumeMounts`, [])
    setAt(desired, '/spec/template/spec/securityContext', {})
    const live = deploymentLive()
    delete (live.spec as { template: { spec: Record<string, unknown> } }).template.spec
      .securityContext
    expectInSync(compareBy(method, desired, live, dryRunOf(live)))
  })

  it('key order is NOT drift', () => {
    const desired = deploymentDesired()
    const reordered = Object.fromEntries(Object.entries(desired).reverse()) as KubeObject
    const live = deploymentLive()
    expectInSync(compareBy(method, reordered, live, dryRunOf(live)))
  })

  it('ownerReferences set by a controller are NOT drift', () => {
    const live = configMapLive()
    live.metadata.ownerReferences = [
      { apiVersion: 'example.com/v1', kind: 'App', name: 'api', uid: 'u-1', controller: false }
    ]
    expectInSync(compareBy(method, configMapDesired(), live, dryRunOf(live)))
  })
})

describe('catalogue A, server comparison only', () => {
  it('trusts the dry-run: a default the server adds on apply is the same as live', () => {
    // The local merge could not know a webhook's default; the server's dry-run does.
    const live = deploymentLive()
    setAt(live, '/spec/template/metadata/annotations', { 'sidecar.example.com/injected': 'true' })
    const result = compareBy('server', deploymentDesired(), live, dryRunOf(live))
    expectInSync(result)
    expect(result.method).toBe('server')
  })
})
