import { withoutIgnoredFields } from '../../../src/reconcile/respect-ignores.ts'
import type { DesiredObject, KubeObject } from '../../../src/types.ts'

const desired: DesiredObject = {
  object: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'web' },
    spec: { replicas: 3, template: { spec: { containers: [{ name: 'app', image: 'api:1' }] } } }
  },
  source: { file: 'd.yaml', line: 1 }
}

const live: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'api',
    namespace: 'web',
    managedFields: [
      {
        manager: 'kube-controller-manager',
        operation: 'Update',
        subresource: 'scale',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } }
      }
    ]
  },
  spec: { replicas: 7, template: { spec: { containers: [{ name: 'app', image: 'api:2' }] } } }
}

describe('withoutIgnoredFields', () => {
  it('leaves out what an ignore rule accepts, and keeps every other desired field', () => {
    const out = withoutIgnoredFields(
      desired,
      live,
      [{ managers: ['kube-controller-manager'] }],
      'kube-drift'
    )
    expect((out.object.spec as { replicas?: number }).replicas).toBeUndefined()
    expect(out.object.spec).toEqual({
      template: { spec: { containers: [{ name: 'app', image: 'api:1' }] } }
    })
    expect((desired.object.spec as { replicas: number }).replicas).toBe(3)
  })

  it('changes nothing without rules', () => {
    expect(withoutIgnoredFields(desired, live, [], 'kube-drift')).toBe(desired)
  })
})
