// The engine's rules, through the narrow cluster interface (no network): when
// the server's dry-run cannot answer, the object is compared locally and a note
// says why; an apply the server refuses is never "in sync"; a fatal failure stops
// the run; a failed Extra search is an Error; and each verdict is handed on with
// what it rests on.
import { describe, expect, it } from '@jest/globals'
import { ClusterUnreachableError, KubeApiError } from '../../../src/cluster/errors.ts'
import type { Target } from '../../../src/config/target.ts'
import { detectTarget } from '../../../src/engine/detect-target.ts'
import type { DesiredObject, KubeObject } from '../../../src/types.ts'
import { FakeCluster, apiError, configMap } from './fake-cluster.ts'

const target: Target = { name: 't', renderer: 'plain', paths: ['.'], ignore: [], namespace: 'web' }
const options = {
  fieldManager: 'kube-drift',
  concurrency: 1,
  defaultNamespace: 'default',
  salt: 's'
}

const desired = (object: KubeObject): DesiredObject => ({
  object,
  source: { file: 'cm.yaml', line: 1 }
})

/** Two ConfigMaps whose live data differs from Git's. */
function drifted(): { cluster: FakeCluster; objects: DesiredObject[] } {
  const cluster = new FakeCluster()
  cluster.add(configMap('a', { x: 'live' }))
  cluster.add(configMap('b', { y: 'live' }))
  const objects = [desired(configMap('a', { x: 'git' })), desired(configMap('b', { y: 'git' }))]
  return { cluster, objects }
}

const dryRuns = (cluster: FakeCluster) => cluster.calls.filter(c => c.startsWith('DRYRUN'))

describe('detectTarget: the server dry-run and its fallbacks', () => {
  it('compares by the server dry-run and hands on the placed object, live state and prediction', async () => {
    const { cluster, objects } = drifted()
    const detection = await detectTarget(cluster, target, objects, options)
    expect(detection.report.comparison).toBe('server')
    expect(detection.report.resources.map(r => [r.name, r.status, r.method])).toEqual([
      ['a', 'Drifted', 'server'],
      ['b', 'Drifted', 'server']
    ])
    const [a] = detection.resources
    expect(a?.result).toBe(detection.report.resources[0])
    expect(a?.placed?.resource.resource).toBe('configmaps')
    expect(a?.placed?.namespace).toBe('web')
    expect((a?.live as KubeObject).data).toEqual({ x: 'live' })
    expect((a?.predicted as KubeObject).data).toEqual({ x: 'git' })
  })

  it('hands on the differences the ignore rules silenced', async () => {
    const { cluster, objects } = drifted()
    const ignoring = { ...target, ignore: [{ paths: ['/data/x'] }] }
    const detection = await detectTarget(cluster, ignoring, objects, options)
    expect(detection.report.resources[0]?.status).toBe('InSync')
    expect(detection.resources[0]?.ignored.map(c => c.path)).toEqual(['/data/x'])
    expect(detection.report.notes).toContain('1 difference(s) silenced by ignore rules.')
  })

  it('403 on the dry-run: compared locally with a note, and the namespace is not asked again', async () => {
    const { cluster, objects } = drifted()
    cluster.onApply = () =>
      apiError(
        403,
        'Forbidden',
        'configmaps "a" is forbidden: User "ci" cannot patch resource "configmaps" in API group "" in the namespace "web"'
      )
    const detection = await detectTarget(cluster, target, objects, options)
    expect(detection.report.resources.map(r => [r.status, r.method])).toEqual([
      ['Drifted', 'local'],
      ['Drifted', 'local']
    ])
    // The second ConfigMap in `web` skips the dry-run the first one was refused.
    expect(dryRuns(cluster)).toEqual(['DRYRUN configmaps web/a'])
    expect(detection.report.notes).toEqual([
      `Compared locally (desired fields against live), not by the server's dry-run: forbidden: identity "ci" may not patch configmaps in namespace web; grant it with a Role in that namespace rule {apiGroups: [""], resources: ["configmaps"], verbs: ["patch"]}`
    ])
    expect(detection.report.comparison).toBe('local')
  })

  it('a webhook without dry-run support: that object compared locally, the next still asks the server', async () => {
    const { cluster, objects } = drifted()
    cluster.onApply = object =>
      object.metadata.name === 'a'
        ? apiError(
            400,
            'BadRequest',
            'admission webhook "sidecar.example.com" does not support dry run'
          )
        : undefined
    const detection = await detectTarget(cluster, target, objects, options)
    expect(detection.report.resources.map(r => [r.name, r.status, r.method])).toEqual([
      ['a', 'Drifted', 'local'],
      ['b', 'Drifted', 'server']
    ])
    expect(dryRuns(cluster)).toHaveLength(2)
    expect(detection.report.notes[0]).toMatch(
      /^ConfigMap web\/a: compared locally \(desired fields against live\), not by the server's dry-run: admission webhook "sidecar.example.com"/
    )
    expect(detection.report.comparison).toBe('mixed')
  })

  it.each([
    [409, 'Conflict', 'Apply failed with 1 conflict'],
    [422, 'Invalid', 'ConfigMap "a" is invalid: data: Invalid value']
  ])(
    '%i refused apply: the drift is found locally and applying is said to fail',
    async (status, reason, message) => {
      const { cluster, objects } = drifted()
      cluster.onApply = () => apiError(status, reason, message)
      const detection = await detectTarget(cluster, target, objects.slice(0, 1), options)
      const [result] = detection.report.resources
      expect([result?.status, result?.method]).toEqual(['Drifted', 'local'])
      expect(result?.changes.map(c => c.path)).toEqual(['/data/x'])
      expect(detection.report.notes[0]).toMatch(/^ConfigMap web\/a: applying Git would fail \(/)
    }
  )

  it('a refused apply whose local comparison finds no drift is an Error, never InSync', async () => {
    const cluster = new FakeCluster()
    cluster.add(configMap('a', { x: 'same' }))
    cluster.onApply = () => apiError(422, 'Invalid', 'ConfigMap "a" is invalid')
    const detection = await detectTarget(
      cluster,
      target,
      [desired(configMap('a', { x: 'same' }))],
      {
        ...options,
        fastPath: false
      }
    )
    const [result] = detection.report.resources
    expect(result?.status).toBe('Error')
    expect(result?.error).toMatch(/422 Invalid.*ConfigMap "a" is invalid/)
    expect(detection.resources[0]?.placed?.name).toBe('a')
  })

  it('another API error on the dry-run is an Error for that object only', async () => {
    const { cluster, objects } = drifted()
    cluster.onApply = object =>
      object.metadata.name === 'a' ? apiError(500, 'InternalError', 'etcd timeout') : undefined
    const detection = await detectTarget(cluster, target, objects, options)
    expect(detection.report.resources.map(r => [r.name, r.status])).toEqual([
      ['a', 'Error'],
      ['b', 'Drifted']
    ])
  })

  it('a fatal failure stops the run', async () => {
    const { cluster, objects } = drifted()
    cluster.onApply = () => new ClusterUnreachableError('https://k8s', 'connect ECONNREFUSED')
    await expect(detectTarget(cluster, target, objects, options)).rejects.toThrow(
      /cannot reach the Kubernetes API server https:\/\/k8s/
    )
  })

  it('a kind the cluster does not serve is an Error, handed on as unplaced', async () => {
    const cluster = new FakeCluster()
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }
    const detection = await detectTarget(cluster, target, [desired(widget)], options)
    expect(detection.report.resources[0]?.status).toBe('Error')
    expect(detection.report.resources[0]?.error).toMatch(/unknown kind Widget/)
    expect(detection.unplaced.map(u => u.desired.object.kind)).toEqual(['Widget'])
  })
})

describe('detectTarget: the Extra search', () => {
  const selected = { ...target, selector: 'app=web' }

  it('finds objects with the selector that Git does not have', async () => {
    const { cluster, objects } = drifted()
    cluster.add(configMap('by-hand', { z: '1' }, { labels: { app: 'web' } }))
    const detection = await detectTarget(cluster, selected, objects, options)
    expect(detection.report.resources.filter(r => r.status === 'Extra').map(r => r.name)).toEqual([
      'by-hand'
    ])
  })

  it('a failed search is a `Kind *` Error, so missed extras count as errors', async () => {
    const { cluster, objects } = drifted()
    cluster.onList = (_, o) =>
      o.labelSelector ? apiError(500, 'InternalError', 'etcd timeout') : undefined
    const detection = await detectTarget(cluster, selected, objects, options)
    const errors = detection.report.resources.filter(r => r.status === 'Error')
    expect(errors.map(r => [r.kind, r.namespace, r.name])).toEqual([['ConfigMap', undefined, '*']])
    expect(errors[0]?.error).toMatch(
      /^the search for extra ConfigMap objects \(selector app=web\) failed, so objects in the cluster but not in Git may be missed/
    )
  })

  it('no cluster-wide list: searched in the target namespaces; a failure there is an Error in that namespace', async () => {
    const { cluster, objects } = drifted()
    cluster.onList = (_, o) => {
      if (!o.labelSelector) return undefined
      return o.namespace
        ? apiError(500, 'InternalError', 'etcd timeout')
        : new KubeApiError(
            403,
            'Forbidden',
            'cannot list resource "configmaps" at the cluster scope'
          )
    }
    const detection = await detectTarget(cluster, selected, objects, options)
    const errors = detection.report.resources.filter(r => r.status === 'Error')
    expect(errors.map(r => [r.kind, r.namespace, r.name])).toEqual([['ConfigMap', 'web', '*']])
    expect(detection.report.notes).toContainEqual(
      expect.stringMatching(
        /^Extra ConfigMap objects were searched for only in the target's namespaces \(web\)/
      )
    )
  })

  it('a selector the server rejects stops the run before anything is compared', async () => {
    const { cluster, objects } = drifted()
    cluster.onList = () => apiError(400, 'BadRequest', 'unable to parse requirement')
    await expect(detectTarget(cluster, selected, objects, options)).rejects.toThrow(
      /the API server rejected the label selector "app=web"/
    )
    expect(dryRuns(cluster)).toEqual([])
  })
})
