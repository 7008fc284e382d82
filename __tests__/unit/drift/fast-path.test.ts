import { canProveInSyncLocally, desiredSide } from '../../../src/drift/index.ts'
import type { KubeObject } from '../../../src/types.ts'
import {
  T_EDIT,
  addEntry,
  deleteAt,
  deploymentDesired,
  deploymentLive,
  deploymentLiveClientSide,
  entry,
  secretDesired,
  secretLive,
  serviceDesired,
  serviceLive,
  setAt,
  valueAt
} from './fixtures.ts'

const CONTAINER = '/spec/template/spec/containers/0'
const prove = (desired: KubeObject, live: KubeObject) =>
  canProveInSyncLocally(desiredSide(desired), live, 'kube-drift')

describe('canProveInSyncLocally', () => {
  it('proves freshly applied objects in sync (SSA, client-side apply, Service, Secret)', () => {
    expect(prove(deploymentDesired(), deploymentLive())).toBe(true)
    expect(prove(deploymentDesired(), deploymentLiveClientSide())).toBe(true)
    expect(prove(serviceDesired(), serviceLive())).toBe(true)
    expect(prove(secretDesired('pw'), secretLive('pw'))).toBe(true)
  })

  it('does not prove a changed field', () => {
    const live = deploymentLive()
    setAt(live, '/spec/replicas', 5)
    expect(prove(deploymentDesired(), live)).toBe(false)
  })

  it('does not prove a field removed from Git', () => {
    const desired = deploymentDesired()
    deleteAt(desired, `${CONTAINER}/env/1`)
    expect(prove(desired, deploymentLive())).toBe(false)
  })

  it('does not prove an object with an out-of-band field', () => {
    const live = deploymentLive()
    setAt(live, '/metadata/labels/team', 'x')
    addEntry(
      live,
      entry('kubectl-label', 'Update', { 'f:metadata': { 'f:labels': { 'f:team': {} } } }, T_EDIT)
    )
    expect(prove(deploymentDesired(), live)).toBe(false)
  })

  it('does not prove an object a person edited, even where the local merge sees no change', () => {
    // A NetworkPolicy's podSelector is atomic: the server would replace it as a whole,
    // the local merge keeps the extra label, so only the hand edit gives it away.
    const policy = (matchLabels: Record<string, string>): KubeObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'api', namespace: 'web' },
      spec: { podSelector: { matchLabels }, policyTypes: ['Ingress'] }
    })
    const live = policy({ app: 'api', debug: 'true' })
    live.metadata.managedFields = [
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        apiVersion: 'networking.k8s.io/v1',
        time: T_EDIT,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:podSelector': {} } }
      }
    ]
    expect(prove(policy({ app: 'api' }), live)).toBe(false)
  })

  it('does not prove an object whose unkeyed list it had to merge by position', () => {
    const desired: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { volumeClaimTemplates: [{ spec: { accessModes: ['ReadWriteOnce'] } }] }
    }
    const live: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        volumeClaimTemplates: [
          { spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' } }
        ]
      }
    }
    expect(prove(desired, live)).toBe(false)
  })

  it('still proves an object whose fields the control plane owns (HPA at the Git value)', () => {
    const live = deploymentLive()
    addEntry(
      live,
      entry(
        'kube-controller-manager',
        'Update',
        { 'f:spec': { 'f:replicas': {} } },
        T_EDIT,
        'scale'
      )
    )
    expect(prove(deploymentDesired(), live)).toBe(true)
  })
})

describe('canProveInSyncLocally and atomic nodes written by a deployer', () => {
  // helm (a deployer, Update) owns tolerations and the selector as wholes: the
  // server replaces them whole, so extra live content there is drift the local
  // key-wise merge would keep and miss.
  const withHelmOwning = (live: KubeObject, fields: Record<string, unknown>): KubeObject => {
    addEntry(live, entry('helm', 'Update', fields, T_EDIT))
    return live
  }

  it('does not prove an atomic list with an item Git does not have', () => {
    const desired = deploymentDesired()
    setAt(desired, '/spec/template/spec/tolerations', [{ key: 'a', operator: 'Exists' }])
    const live = deploymentLive()
    setAt(live, '/spec/template/spec/tolerations', [
      { key: 'a', operator: 'Exists' },
      { key: 'b', operator: 'Exists' }
    ])
    withHelmOwning(live, { 'f:spec': { 'f:template': { 'f:spec': { 'f:tolerations': {} } } } })
    expect(prove(desired, live)).toBe(false)
  })

  it('does not prove an atomic map with a key Git does not have', () => {
    const live = deploymentLive()
    const selector = (live.spec as { selector: { matchLabels: Record<string, string> } }).selector
    selector.matchLabels = { ...selector.matchLabels, tier: 'web' }
    withHelmOwning(live, { 'f:spec': { 'f:selector': {} } })
    expect(prove(deploymentDesired(), live)).toBe(false)
  })

  it('still proves the same atomic nodes when they equal Git', () => {
    const desired = deploymentDesired()
    setAt(desired, '/spec/template/spec/tolerations', [{ key: 'a', operator: 'Exists' }])
    const live = deploymentLive()
    setAt(live, '/spec/template/spec/tolerations', [{ key: 'a', operator: 'Exists' }])
    withHelmOwning(live, {
      'f:spec': { 'f:selector': {}, 'f:template': { 'f:spec': { 'f:tolerations': {} } } }
    })
    expect(prove(desired, live)).toBe(true)
  })

  // An env var from a ConfigMap: configMapKeyRef is an atomic map inside keyed lists
  // (containers and env by name), the deployer owning it as a whole.
  const withConfigMapRef = (object: KubeObject, ref: Record<string, unknown>) => {
    const env = valueAt(object, `${CONTAINER}/env`) as unknown[]
    env.push({ name: 'CFG', valueFrom: { configMapKeyRef: ref } })
    return object
  }
  const ownedRef = {
    'f:spec': {
      'f:template': {
        'f:spec': {
          'f:containers': {
            'k:{"name":"app"}': {
              'f:env': {
                'k:{"name":"CFG"}': {
                  '.': {},
                  'f:name': {},
                  'f:valueFrom': { 'f:configMapKeyRef': {} }
                }
              }
            }
          }
        }
      }
    }
  }

  it('proves an atomic map inside keyed list items when it equals Git', () => {
    const ref = { name: 'settings', key: 'LEVEL' }
    const live = withHelmOwning(withConfigMapRef(deploymentLive(), ref), ownedRef)
    expect(prove(withConfigMapRef(deploymentDesired(), ref), live)).toBe(true)
  })

  it('does not prove an atomic map inside keyed list items that differs from Git', () => {
    const live = withConfigMapRef(deploymentLive(), {
      name: 'settings',
      key: 'LEVEL',
      optional: true
    })
    withHelmOwning(live, ownedRef)
    const desired = withConfigMapRef(deploymentDesired(), { name: 'settings', key: 'LEVEL' })
    expect(prove(desired, live)).toBe(false)
  })
})
