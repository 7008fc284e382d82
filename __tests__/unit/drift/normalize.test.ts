import {
  isIdentityPath,
  isServerManagedPath,
  normalizeObject,
  pruneEmpty
} from '../../../src/drift/normalize.ts'
import { deploymentLive, deploymentLiveClientSide, valueAt } from './fixtures.ts'

describe('normalizeObject', () => {
  it('strips server-set metadata, status and tool annotations from a live Deployment', () => {
    const live = deploymentLiveClientSide()
    live.metadata.selfLink = '/apis/apps/v1/namespaces/web/deployments/api'
    live.metadata.ownerReferences = [
      { apiVersion: 'v1', kind: 'Thing', name: 'x', uid: 'u', controller: true }
    ]
    const normalized = normalizeObject(live)
    for (const field of [
      'uid',
      'resourceVersion',
      'generation',
      'creationTimestamp',
      'managedFields',
      'selfLink',
      'ownerReferences'
    ]) {
      expect(normalized.metadata).not.toHaveProperty(field)
    }
    expect(normalized).not.toHaveProperty('status')
    // Both annotations were the only ones, so the map itself is gone.
    expect(normalized.metadata).not.toHaveProperty('annotations')
    expect(normalized.metadata).toEqual({ name: 'api', namespace: 'web', labels: { app: 'api' } })
  })

  it('keeps annotations people set', () => {
    const live = deploymentLive()
    live.metadata.annotations = {
      'deployment.kubernetes.io/revision': '4',
      'team.example.com/owner': 'payments'
    }
    expect(normalizeObject(live).metadata.annotations).toEqual({
      'team.example.com/owner': 'payments'
    })
  })

  it('removes the annotation the API server writes on DaemonSets', () => {
    const live = deploymentLive()
    live.kind = 'DaemonSet'
    live.metadata.annotations = {
      'deprecated.daemonset.template.generation': '2',
      'team.example.com/owner': 'payments'
    }
    expect(normalizeObject(live).metadata.annotations).toEqual({
      'team.example.com/owner': 'payments'
    })
    expect(
      isServerManagedPath(['metadata', 'annotations', 'deprecated.daemonset.template.generation'])
    ).toBe(true)
  })

  it('removes empty maps and lists so {} and absent compare equal', () => {
    const normalized = normalizeObject(deploymentLive())
    expect(valueAt(normalized, '/spec/template/spec')).not.toHaveProperty('securityContext')
    expect(valueAt(normalized, '/spec/template/spec/dnsPolicy')).toBe('ClusterFirst')
  })

  it('keeps metadata as a map even when nothing in it counts', () => {
    const normalized = normalizeObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { uid: 'u', resourceVersion: '1' }
    })
    expect(normalized).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} })
  })

  it('does not mutate its input', () => {
    const live = deploymentLive()
    normalizeObject(live)
    expect(live.metadata.uid).toBeDefined()
    expect(live.status).toBeDefined()
  })
})

describe('pruneEmpty', () => {
  it('drops nulls, {} and [] from maps recursively', () => {
    expect(pruneEmpty({ a: null, b: {}, c: [], d: { e: {} }, f: 0, g: '', h: false })).toEqual({
      f: 0,
      g: '',
      h: false
    })
    expect(pruneEmpty({ a: { b: null } })).toBeUndefined()
  })

  it('never removes list items, so indices keep addressing the same items', () => {
    expect(pruneEmpty([{ a: {} }, { name: 'x' }])).toEqual([{}, { name: 'x' }])
  })
})

describe('isServerManagedPath', () => {
  it('covers status, server metadata and tool annotations only', () => {
    expect(isServerManagedPath(['status', 'replicas'])).toBe(true)
    expect(isServerManagedPath(['metadata', 'resourceVersion'])).toBe(true)
    expect(
      isServerManagedPath(['metadata', 'annotations', 'deployment.kubernetes.io/revision'])
    ).toBe(true)
    expect(isServerManagedPath(['metadata', 'annotations', 'team'])).toBe(false)
    expect(isServerManagedPath(['metadata', 'labels', 'app'])).toBe(false)
    expect(isServerManagedPath(['spec', 'status'])).toBe(false)
  })
})

describe('isIdentityPath', () => {
  it('is apiVersion, kind, metadata.name and metadata.namespace only', () => {
    expect(isIdentityPath(['apiVersion'])).toBe(true)
    expect(isIdentityPath(['metadata', 'namespace'])).toBe(true)
    expect(isIdentityPath(['metadata', 'name'])).toBe(true)
    expect(isIdentityPath(['metadata', 'labels'])).toBe(false)
    expect(isIdentityPath(['spec', 'template', 'metadata', 'name'])).toBe(false)
  })
})
