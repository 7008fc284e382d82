import { planReconcile } from '../../../src/reconcile/plan.ts'
import type { DesiredObject, ResourceResult } from '../../../src/types.ts'
import { detectedOf } from './detected.ts'

function result(
  kind: string,
  name: string,
  status: ResourceResult['status'],
  namespace?: string
): ResourceResult {
  const apiVersion =
    kind === 'CustomResourceDefinition'
      ? 'apiextensions.k8s.io/v1'
      : kind === 'Deployment'
        ? 'apps/v1'
        : 'v1'
  return {
    apiVersion,
    kind,
    name,
    namespace,
    status,
    method: 'server',
    changes: [],
    diff: '',
    error: null,
    ignored: 0
  }
}

function desiredFor(r: ResourceResult): DesiredObject {
  return {
    object: {
      apiVersion: r.apiVersion,
      kind: r.kind,
      metadata: { name: r.name, namespace: r.namespace }
    },
    source: { file: 'x.yaml', line: 1 }
  }
}

const resources = [
  result('Deployment', 'api', 'Drifted', 'web'),
  result('ConfigMap', 'settings', 'InSync', 'web'),
  result('Service', 'api', 'Missing', 'web'),
  result('Namespace', 'web', 'Missing'),
  result('CustomResourceDefinition', 'widgets.example.com', 'Drifted'),
  result('ConfigMap', 'hand-made', 'Extra', 'web'),
  result('Namespace', 'hand-made', 'Extra'),
  result('Secret', 'broken', 'Error', 'web')
]
// Detection hands on each verdict with its placed desired object (none for Extra objects).
const detected = resources.map(r => detectedOf(r, r.status === 'Extra' ? undefined : desiredFor(r)))

describe('planReconcile', () => {
  it('applies Namespaces and CRDs first, then the rest; leaves in-sync and errors alone', () => {
    const plan = planReconcile(detected, { prune: false, allowPrune: [] })
    expect(plan.foundations.map(p => `${p.result.kind}/${p.result.name}`)).toEqual([
      'Namespace/web',
      'CustomResourceDefinition/widgets.example.com'
    ])
    expect(plan.rest.map(p => `${p.result.kind}/${p.result.name}`)).toEqual([
      'Deployment/api',
      'Service/api'
    ])
    expect(plan.prunes).toEqual([])
  })

  it('prunes Extra objects, but a Namespace only when named', () => {
    const plan = planReconcile(detected, { prune: true, allowPrune: [] })
    expect(plan.prunes.map(r => r.name)).toEqual(['hand-made'])
    expect(plan.prunes[0]?.kind).toBe('ConfigMap')
    expect(plan.skipped.map(s => s.reason)).toEqual([
      'Namespaces are pruned only when named (allow Namespace/hand-made)'
    ])
    const named = planReconcile(detected, {
      prune: true,
      allowPrune: ['Namespace/hand-made']
    })
    expect(named.prunes.map(r => `${r.kind}/${r.name}`)).toEqual([
      'ConfigMap/hand-made',
      'Namespace/hand-made'
    ])
  })
})
