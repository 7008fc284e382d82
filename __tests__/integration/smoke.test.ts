// The test control plane is a real one: defaulting, controllers, server-side
// apply dry-run, RBAC, namespace finalization and its version.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  VersionApi,
  type V1Deployment
} from '@kubernetes/client-node'
import { createNamespace, deleteNamespace, eventually, kubeConfigFor } from './cluster-env.ts'

function deployment(namespace: string, name: string): V1Deployment {
  // Deliberately sparse: everything else is the server's to default.
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'registry.example/web:1.0.0' }] }
      }
    }
  }
}

async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call
    return 200
  } catch (error) {
    if (error instanceof ApiException) return error.code
    throw error
  }
}

// jest's testTimeout is a global option (ignored inside a project): set it here.
const TIMEOUT_MS = 60_000

describe('the local control plane', () => {
  const admin = kubeConfigFor('admin')
  const apps = admin.makeApiClient(AppsV1Api)
  const core = admin.makeApiClient(CoreV1Api)
  let namespace: string

  beforeAll(async () => {
    namespace = await createNamespace('smoke')
  }, TIMEOUT_MS)

  afterAll(async () => {
    if (namespace) await deleteNamespace(namespace)
  }, TIMEOUT_MS)

  it(
    'applies the server defaults to a Deployment created without them',
    async () => {
      const created = await apps.createNamespacedDeployment({
        namespace,
        body: deployment(namespace, 'defaults')
      })
      const read = await apps.readNamespacedDeployment({ name: 'defaults', namespace })

      expect(created.metadata?.uid).toBeTruthy()
      expect(read.metadata?.uid).toBe(created.metadata?.uid)
      expect(read.spec?.strategy?.type).toBe('RollingUpdate')
      expect(read.spec?.strategy?.rollingUpdate?.maxSurge).toBe('25%')
      expect(read.spec?.strategy?.rollingUpdate?.maxUnavailable).toBe('25%')
      expect(read.spec?.revisionHistoryLimit).toBe(10)
      expect(read.spec?.progressDeadlineSeconds).toBe(600)
      const pod = read.spec?.template.spec
      expect(pod?.restartPolicy).toBe('Always')
      expect(pod?.dnsPolicy).toBe('ClusterFirst')
      expect(pod?.schedulerName).toBe('default-scheduler')
      expect(pod?.terminationGracePeriodSeconds).toBe(30)
      const container = pod?.containers[0]
      expect(container?.imagePullPolicy).toBe('IfNotPresent')
      expect(container?.terminationMessagePath).toBe('/dev/termination-log')
      expect(container?.terminationMessagePolicy).toBe('File')
    },
    TIMEOUT_MS
  )

  it(
    'runs kube-controller-manager: a Deployment gets its ReplicaSet',
    async () => {
      const created = await apps.createNamespacedDeployment({
        namespace,
        body: deployment(namespace, 'owned')
      })
      const replicaSet = await eventually(
        'a ReplicaSet owned by Deployment owned',
        async () => {
          const list = await apps.listNamespacedReplicaSet({
            namespace,
            labelSelector: 'app=owned'
          })
          return list.items.find(rs =>
            rs.metadata?.ownerReferences?.some(
              ref =>
                ref.kind === 'Deployment' && ref.uid === created.metadata?.uid && ref.controller
            )
          )
        },
        30_000
      )
      expect(replicaSet.metadata?.name).toMatch(/^owned-[a-z0-9]+$/)
      expect(replicaSet.spec?.replicas).toBe(1)
      expect(replicaSet.spec?.template?.spec?.containers[0]?.image).toBe(
        'registry.example/web:1.0.0'
      )
    },
    TIMEOUT_MS
  )

  it(
    'answers a server-side apply dry-run with the defaulted object and persists nothing',
    async () => {
      const objects = KubernetesObjectApi.makeApiClient(admin)
      const existing = await apps.createNamespacedDeployment({
        namespace,
        body: deployment(namespace, 'dry-run')
      })

      const changed = deployment(namespace, 'dry-run')
      changed.spec!.replicas = 3
      changed.metadata!.labels = { ...changed.metadata!.labels, tier: 'frontend' }
      const answer = await objects.patch(
        changed,
        undefined,
        'All',
        'kube-drift',
        true,
        PatchStrategy.ServerSideApply
      )
      expect(answer.spec?.replicas).toBe(3)
      expect(answer.metadata?.labels?.tier).toBe('frontend')
      expect(answer.spec?.strategy?.type).toBe('RollingUpdate')
      expect(answer.spec?.template.spec?.containers[0]?.imagePullPolicy).toBe('IfNotPresent')
      expect(answer.metadata?.managedFields?.some(f => f.manager === 'kube-drift')).toBe(true)

      // (The deployment controller updates status, so resourceVersion moves; generation
      // counts spec changes.)
      const after = await apps.readNamespacedDeployment({ name: 'dry-run', namespace })
      expect(existing.metadata?.generation).toBe(1)
      expect(after.metadata?.generation).toBe(1)
      expect(after.spec?.replicas).toBe(1)
      expect(after.metadata?.labels?.tier).toBeUndefined()
      expect(after.metadata?.managedFields?.some(f => f.manager === 'kube-drift')).toBe(false)

      // A dry-run of an object that does not exist creates nothing either.
      const fresh = deployment(namespace, 'dry-run-new')
      const created = await objects.patch(
        fresh,
        undefined,
        'All',
        'kube-drift',
        true,
        PatchStrategy.ServerSideApply
      )
      expect(created.spec?.revisionHistoryLimit).toBe(10)
      expect(
        await statusOf(apps.readNamespacedDeployment({ name: 'dry-run-new', namespace }))
      ).toBe(404)
    },
    TIMEOUT_MS
  )

  it(
    'refuses reader a patch (403) and lets differ patch',
    async () => {
      await apps.createNamespacedDeployment({ namespace, body: deployment(namespace, 'rbac') })
      const patch = (replicas: number) => [
        { op: 'replace', path: '/spec/replicas', value: replicas }
      ]

      const reader = kubeConfigFor('reader').makeApiClient(AppsV1Api)
      const seen = await reader.readNamespacedDeployment({ name: 'rbac', namespace })
      expect(seen.metadata?.name).toBe('rbac')
      expect(
        await statusOf(
          reader.patchNamespacedDeployment({ name: 'rbac', namespace, body: patch(2) })
        )
      ).toBe(403)

      const differ = kubeConfigFor('differ').makeApiClient(AppsV1Api)
      const patched = await differ.patchNamespacedDeployment({
        name: 'rbac',
        namespace,
        body: patch(2)
      })
      expect(patched.spec?.replicas).toBe(2)
      // differ may not delete.
      expect(await statusOf(differ.deleteNamespacedDeployment({ name: 'rbac', namespace }))).toBe(
        403
      )
      const read = await apps.readNamespacedDeployment({ name: 'rbac', namespace })
      expect(read.spec?.replicas).toBe(2)
    },
    TIMEOUT_MS
  )

  it(
    'finishes deleting a namespace with objects in it',
    async () => {
      const doomed = await createNamespace('smoke-delete')
      await core.createNamespacedConfigMap({
        namespace: doomed,
        body: { metadata: { name: 'settings' }, data: { a: '1' } }
      })
      await apps.createNamespacedDeployment({
        namespace: doomed,
        body: deployment(doomed, 'gone')
      })
      await core.deleteNamespace({ name: doomed })
      const status = await eventually(
        `namespace ${doomed} to disappear`,
        async () => {
          const code = await statusOf(core.readNamespace({ name: doomed }))
          return code === 404 ? code : undefined
        },
        60_000,
        500
      )
      expect(status).toBe(404)
    },
    2 * TIMEOUT_MS
  )

  it(
    'reports a real Kubernetes version',
    async () => {
      const version = await admin.makeApiClient(VersionApi).getCode()
      expect(version.gitVersion).toMatch(/^v1\.\d+\.\d+/)
      expect(version.gitVersion).not.toMatch(/^v0\.0\.0/)
      expect(version.major).toBe('1')
      const expected = process.env.KUBE_DRIFT_TEST_EXPECTED_VERSION
      if (expected) expect(version.gitVersion).toBe(expected)
    },
    TIMEOUT_MS
  )
})
