import { ownershipOf } from '../../../src/drift/managed-fields.ts'
import { normalizeObject } from '../../../src/drift/normalize.ts'
import {
  findRemovedFromGit,
  lastAppliedAbsentFromDesired
} from '../../../src/drift/removed-from-git.ts'
import { readLastApplied } from '../../../src/drift/last-applied.ts'
import type { KubeObject } from '../../../src/types.ts'
import {
  T_APPLY,
  T_EDIT,
  addEntry,
  deleteAt,
  deploymentDesired,
  deploymentLive,
  deploymentLiveClientSide,
  entry,
  setAt
} from './fixtures.ts'

const CONTAINER = '/spec/template/spec/containers/0'

function removed(live: KubeObject, desired: KubeObject, fieldManager = 'kube-drift') {
  const lastApplied = readLastApplied(live)
  return findRemovedFromGit(
    normalizeObject(live),
    normalizeObject(desired),
    ownershipOf(live),
    lastApplied === undefined ? undefined : normalizeObject(lastApplied),
    fieldManager
  )
}

/** Git without the LOG_LEVEL env var. */
function desiredWithoutLogLevel(): KubeObject {
  const desired = deploymentDesired()
  deleteAt(desired, `${CONTAINER}/env/1`)
  return desired
}

describe('findRemovedFromGit, server-side apply', () => {
  it('reports an env var kubectl --server-side applied that Git dropped', () => {
    expect(removed(deploymentLive(), desiredWithoutLogLevel())).toEqual([
      {
        path: `${CONTAINER}/env/1`,
        reason: 'removed-from-git',
        live: { name: 'LOG_LEVEL', value: 'info' },
        manager: 'kubectl',
        operation: 'Apply',
        time: T_APPLY
      }
    ])
  })

  it('reports fields our own field manager applied', () => {
    const live = deploymentLive()
    setAt(live, '/metadata/labels/tier', 'backend')
    addEntry(
      live,
      entry('kube-drift', 'Apply', { 'f:metadata': { 'f:labels': { 'f:tier': {} } } }, T_EDIT)
    )
    expect(removed(live, deploymentDesired())).toMatchObject([
      { path: '/metadata/labels/tier', live: 'backend', manager: 'kube-drift' }
    ])
  })

  it('does not report what a foreign server-side applier owns (its next apply keeps it)', () => {
    const live = deploymentLive()
    setAt(live, '/metadata/labels/tier', 'backend')
    addEntry(
      live,
      entry(
        'argocd-controller',
        'Apply',
        { 'f:metadata': { 'f:labels': { 'f:tier': {} } } },
        T_EDIT
      )
    )
    expect(removed(live, deploymentDesired())).toEqual([])
  })

  it('reports nothing when Git still has every applied field', () => {
    expect(removed(deploymentLive(), deploymentDesired())).toEqual([])
  })

  it('reports the highest absent node: the whole resources block, not each quantity', () => {
    const desired = deploymentDesired()
    deleteAt(desired, `${CONTAINER}/resources`)
    expect(removed(deploymentLive(), desired)).toMatchObject([
      {
        path: `${CONTAINER}/resources`,
        live: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '256Mi' } },
        manager: 'kubectl'
      }
    ])
  })

  it('reports owned leaves one by one when someone else owns part of the block', () => {
    const desired = deploymentDesired()
    deleteAt(desired, `${CONTAINER}/resources`)
    const live = deploymentLive()
    setAt(live, `${CONTAINER}/resources/limits/ephemeral-storage`, '1Gi')
    addEntry(
      live,
      entry(
        'kubectl-edit',
        'Update',
        {
          'f:spec': {
            'f:template': {
              'f:spec': {
                'f:containers': {
                  'k:{"name":"app"}': {
                    'f:resources': { 'f:limits': { 'f:ephemeral-storage': {} } }
                  }
                }
              }
            }
          }
        },
        T_EDIT
      )
    )
    expect(removed(live, desired).map(change => change.path)).toEqual([
      `${CONTAINER}/resources/limits/cpu`,
      `${CONTAINER}/resources/limits/memory`,
      `${CONTAINER}/resources/requests`
    ])
  })
})

describe('findRemovedFromGit, client-side apply (last-applied-configuration)', () => {
  it('reports an env var the last kubectl apply had and Git dropped', () => {
    expect(removed(deploymentLiveClientSide(), desiredWithoutLogLevel())).toEqual([
      {
        path: `${CONTAINER}/env/1`,
        reason: 'removed-from-git',
        live: { name: 'LOG_LEVEL', value: 'info' },
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        time: T_APPLY
      }
    ])
  })

  it('reports the highest node Git no longer has (resources as a whole)', () => {
    const desired = deploymentDesired()
    deleteAt(desired, `${CONTAINER}/resources`)
    expect(removed(deploymentLiveClientSide(), desired)).toMatchObject([
      {
        path: `${CONTAINER}/resources`,
        live: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '256Mi' } }
      }
    ])
  })

  it('reports nothing for a fresh client-side apply', () => {
    expect(removed(deploymentLiveClientSide(), deploymentDesired())).toEqual([])
  })
})

describe('lastAppliedAbsentFromDesired', () => {
  it('skips what is already gone live, status, and server metadata', () => {
    const lastApplied = {
      metadata: { name: 'api', resourceVersion: '1', labels: { gone: 'x' } },
      status: { replicas: 1 }
    }
    const live = { metadata: { name: 'api', resourceVersion: '9' }, status: { replicas: 1 } }
    expect(lastAppliedAbsentFromDesired(lastApplied, { metadata: { name: 'api' } }, live)).toEqual(
      []
    )
  })

  it('never reports the identity (a stale namespace in the annotation)', () => {
    const lastApplied = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'old' }
    }
    const live = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'web' } }
    expect(lastAppliedAbsentFromDesired(lastApplied, { metadata: {} }, live)).toEqual([])
  })

  it('matches list items by key and reports live indices', () => {
    const lastApplied = { env: [{ name: 'A' }, { name: 'B' }] }
    const desired = { env: [{ name: 'A' }] }
    const live = { env: [{ name: 'X' }, { name: 'B' }, { name: 'A' }] }
    expect(lastAppliedAbsentFromDesired(lastApplied, desired, live)).toEqual(['/env/1'])
  })
})
