// Reading live state: one LIST per collection from three objects, and when the
// LIST fails (or leaves an object out) each object is read by its own GET.
import { describe, expect, it } from '@jest/globals'
import { ClusterUnreachableError } from '../../../src/cluster/errors.ts'
import { readLiveState } from '../../../src/engine/live-state.ts'
import type { PlacedObject } from '../../../src/engine/placement.ts'
import { desiredSide } from '../../../src/drift/index.ts'
import { CONFIGMAPS, FakeCluster, apiError, configMap } from './fake-cluster.ts'

const placed = (name: string): PlacedObject => ({
  desired: { object: configMap(name, {}), source: { file: 'cm.yaml', line: 1 } },
  resource: CONFIGMAPS,
  namespace: 'web',
  name,
  side: desiredSide(configMap(name, {}))
})

function cluster(): FakeCluster {
  const c = new FakeCluster()
  for (const name of ['a', 'b', 'c']) c.add(configMap(name, { n: name }))
  return c
}

describe('readLiveState', () => {
  it('reads three objects of one collection with one LIST', async () => {
    const c = cluster()
    const objects = ['a', 'b', 'c'].map(placed)
    const reads = await readLiveState(c, objects, 2)
    expect(c.calls).toEqual(['LIST configmaps web'])
    expect(objects.map(p => reads.get(p))).toEqual(
      ['a', 'b', 'c'].map(n => ({ live: configMap(n, { n }) }))
    )
  })

  it('falls back to one GET per object when the LIST fails', async () => {
    const c = cluster()
    c.onList = () => apiError(403, 'Forbidden', 'cannot list resource "configmaps"')
    const objects = ['a', 'b', 'c'].map(placed)
    const reads = await readLiveState(c, objects, 1)
    expect(c.calls).toEqual([
      'LIST configmaps web',
      'GET configmaps web/a',
      'GET configmaps web/b',
      'GET configmaps web/c'
    ])
    expect(reads.get(objects[1] as PlacedObject)).toEqual({ live: configMap('b', { n: 'b' }) })
  })

  it('reads an object the LIST leaves out by its own GET, which says whether it exists', async () => {
    const c = cluster()
    const objects = ['a', 'b', 'gone'].map(placed)
    const reads = await readLiveState(c, objects, 1)
    expect(c.calls).toEqual(['LIST configmaps web', 'GET configmaps web/gone'])
    expect(reads.get(objects[2] as PlacedObject)).toEqual({ live: null })
  })

  it('keeps a failed GET as that object error', async () => {
    const c = cluster()
    const failure = apiError(500, 'InternalError', 'etcd timeout')
    c.get = async () => {
      throw failure
    }
    const reads = await readLiveState(c, [placed('a')], 1)
    expect(reads.get([...reads.keys()][0] as PlacedObject)).toEqual({ error: failure })
  })

  it('a fatal LIST failure stops the run', async () => {
    const c = cluster()
    c.onList = () => new ClusterUnreachableError('https://k8s', 'timeout')
    await expect(readLiveState(c, ['a', 'b', 'c'].map(placed), 1)).rejects.toThrow(
      /cannot reach the Kubernetes API server/
    )
  })
})
