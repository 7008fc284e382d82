import { compareInDetail } from '../../../src/drift/index.ts'
import { withoutIgnoredFields as leaveOutIgnored } from '../../../src/reconcile/respect-ignores.ts'
import type { DesiredObject, IgnoreRule, KubeObject } from '../../../src/types.ts'

/** The differences detection silences with `rules`, handed to reconcile as detection does. */
function withoutIgnoredFields(
  desired: DesiredObject,
  live: KubeObject,
  rules: IgnoreRule[],
  fieldManager: string
): DesiredObject {
  const comparison = compareInDetail({
    desired,
    live,
    dryRun: null,
    fieldManager,
    ignore: rules,
    salt: ''
  })
  return leaveOutIgnored(desired, live, comparison.ignored)
}

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

describe('alignToDesired', () => {
  it('follows list items by name, not by their live position', async () => {
    const { alignToDesired } = await import('../../../src/reconcile/respect-ignores.ts')
    const live = { spec: { containers: [{ name: 'sidecar' }, { name: 'app', image: 'x:2' }] } }
    const desired = { spec: { containers: [{ name: 'app', image: 'x:1' }] } }
    expect(alignToDesired(live, desired, ['spec', 'containers', '1', 'image'])).toEqual([
      'spec',
      'containers',
      '0',
      'image'
    ])
    // The sidecar is not in Git: nothing to point at.
    expect(alignToDesired(live, desired, ['spec', 'containers', '0', 'image'])).toBeUndefined()
  })

  it('leaves an ignored image out of the right container (its manager keeps it)', () => {
    const twoContainers: DesiredObject = {
      ...desired,
      object: {
        ...desired.object,
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'app', image: 'api:1' },
                { name: 'proxy', image: 'envoy:1' }
              ]
            }
          }
        }
      }
    }
    const liveTwo: KubeObject = {
      ...live,
      metadata: { name: 'api', namespace: 'web' },
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'proxy', image: 'envoy:1' },
              { name: 'app', image: 'api:2' }
            ]
          }
        }
      }
    }
    const out = withoutIgnoredFields(
      twoContainers,
      liveTwo,
      [{ paths: ['/spec/template/spec/containers/*/image'] }],
      'kube-drift'
    )
    const containers = (
      out.object.spec as { template: { spec: { containers: { name: string; image: string }[] } } }
    ).template.spec.containers
    expect(containers).toEqual([{ name: 'app' }, { name: 'proxy', image: 'envoy:1' }])
  })
})
