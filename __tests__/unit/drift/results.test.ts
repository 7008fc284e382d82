import {
  errorResult,
  extraResource,
  isControllerOwned,
  summarize
} from '../../../src/drift/index.ts'
import type { ResourceResult, TargetReport } from '../../../src/types.ts'
import { SOURCE, configMapLive, deploymentLive } from './fixtures.ts'

describe('errorResult', () => {
  it('is an Error with the message, never in sync', () => {
    const result = errorResult(
      { apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'web', name: 'w' },
      'the server does not know kind Widget in group example.com (is its CRD installed?)',
      SOURCE
    )
    expect(result).toEqual({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      namespace: 'web',
      name: 'w',
      status: 'Error',
      method: 'none',
      source: SOURCE,
      changes: [],
      diff: '',
      error: 'the server does not know kind Widget in group example.com (is its CRD installed?)',
      ignored: 0
    })
  })
})

describe('extraResource', () => {
  it('is Extra with the live object (normalized) as removed lines', () => {
    const result = extraResource(configMapLive(), 'salt')
    expect(result).toMatchObject({
      kind: 'ConfigMap',
      namespace: 'web',
      name: 'api-config',
      status: 'Extra',
      method: 'none',
      error: null
    })
    expect(result.diff).toContain('-  LOG_FORMAT: json')
    expect(result.diff).not.toContain('resourceVersion')
    expect(
      result.diff
        .split('\n')
        .filter(line => line.startsWith('+'))
        .join()
    ).toBe('+++ desired (Git)')
  })

  it('names its creator from managedFields: the oldest entry on the object itself, at its creation', () => {
    const live = configMapLive()
    live.metadata.creationTimestamp = '2026-11-01T08:00:00Z'
    live.metadata.managedFields = [
      { manager: 'kubectl-edit', operation: 'Update', time: '2026-11-19T10:00:00Z' },
      { manager: 'kubectl-create', operation: 'Update', time: '2026-11-01T08:00:00Z' },
      {
        manager: 'status-writer',
        operation: 'Update',
        time: '2026-10-01T00:00:00Z',
        subresource: 'status'
      }
    ]
    expect(extraResource(live, 'salt').changes).toEqual([
      {
        path: '',
        reason: 'added-out-of-band',
        manager: 'kubectl-create',
        operation: 'Update',
        time: '2026-11-01T08:00:00Z'
      }
    ])
  })

  it('without managedFields still has its root change, with no manager', () => {
    const live = configMapLive()
    delete live.metadata.managedFields
    delete live.metadata.creationTimestamp
    expect(extraResource(live, 'salt').changes).toEqual([{ path: '', reason: 'added-out-of-band' }])
  })
})

describe('isControllerOwned', () => {
  it('is true only with an ownerReference marked controller: true', () => {
    const replicaSet = deploymentLive()
    replicaSet.metadata.ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: 'u', controller: true }
    ]
    expect(isControllerOwned(replicaSet)).toBe(true)
    replicaSet.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u' }]
    expect(isControllerOwned(replicaSet)).toBe(false)
    expect(isControllerOwned(deploymentLive())).toBe(false)
  })
})

describe('summarize', () => {
  const result = (status: ResourceResult['status'], ignored = 0): ResourceResult => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: status,
    status,
    method: 'none',
    changes: [],
    diff: '',
    error: null,
    ignored
  })
  const target = (resources: ResourceResult[]): TargetReport => ({
    name: 't',
    renderer: 'plain',
    path: 'deploy',
    comparison: 'server',
    notes: [],
    resources
  })

  it('counts verdicts and ignored changes across targets', () => {
    expect(
      summarize([
        target([result('InSync', 2), result('Drifted', 1), result('Missing')]),
        target([result('Extra'), result('Error'), result('InSync'), result('Drifted')])
      ])
    ).toEqual({ resources: 7, inSync: 2, drifted: 2, missing: 1, extra: 1, errors: 1, ignored: 3 })
  })

  it('is all zeros for no targets', () => {
    expect(summarize([])).toEqual({
      resources: 0,
      inSync: 0,
      drifted: 0,
      missing: 0,
      extra: 0,
      errors: 0,
      ignored: 0
    })
  })
})
