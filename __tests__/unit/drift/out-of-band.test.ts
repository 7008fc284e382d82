import { ownershipOf } from '../../../src/drift/managed-fields.ts'
import { normalizeObject } from '../../../src/drift/normalize.ts'
import { findOutOfBand } from '../../../src/drift/out-of-band.ts'
import { readLastApplied } from '../../../src/drift/last-applied.ts'
import type { KubeObject } from '../../../src/types.ts'
import {
  T_EDIT,
  T_LATER,
  addEntry,
  deleteAt,
  deploymentDesired,
  deploymentLive,
  deploymentLiveClientSide,
  entry,
  setAt
} from './fixtures.ts'

const CONTAINER = '/spec/template/spec/containers/0'
const inApp = (fields: Record<string, unknown>) => ({
  'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': fields } } } }
})

function outOfBand(
  live: KubeObject,
  desired: KubeObject = deploymentDesired(),
  lastApplied?: KubeObject
) {
  return findOutOfBand(
    normalizeObject(live),
    normalizeObject(desired),
    ownershipOf(live),
    'kube-drift',
    lastApplied === undefined ? undefined : normalizeObject(lastApplied)
  )
}

/** `kubectl edit` adding DEBUG=true to the app container. */
function withDebugEnv(live: KubeObject, manager = 'kubectl-edit'): KubeObject {
  setAt(live, `${CONTAINER}/env/-`, { name: 'DEBUG', value: 'true' })
  addEntry(
    live,
    entry(
      manager,
      'Update',
      inApp({ 'f:env': { 'k:{"name":"DEBUG"}': { '.': {}, 'f:name': {}, 'f:value': {} } } }),
      T_EDIT
    )
  )
  return live
}

describe('findOutOfBand', () => {
  it('reports an env var added with kubectl edit as one change on the whole entry', () => {
    expect(outOfBand(withDebugEnv(deploymentLive()))).toEqual([
      {
        path: `${CONTAINER}/env/2`,
        reason: 'added-out-of-band',
        live: { name: 'DEBUG', value: 'true' },
        manager: 'kubectl-edit',
        operation: 'Update',
        time: T_EDIT
      }
    ])
  })

  it('reports a label added with kubectl label', () => {
    const live = deploymentLive()
    setAt(live, '/metadata/labels/team', 'payments')
    addEntry(
      live,
      entry('kubectl-label', 'Update', { 'f:metadata': { 'f:labels': { 'f:team': {} } } }, T_EDIT)
    )
    expect(outOfBand(live)).toMatchObject([
      { path: '/metadata/labels/team', live: 'payments', manager: 'kubectl-label' }
    ])
  })

  it('reports the keys of an annotations map a manager created (it owns `.`) one by one', () => {
    const live = deploymentLive()
    setAt(live, '/metadata/annotations', {
      'deployment.kubernetes.io/revision': '1',
      'example.com/ticket': 'OPS-12'
    })
    addEntry(
      live,
      entry(
        'kubectl-annotate',
        'Update',
        { 'f:metadata': { 'f:annotations': { '.': {}, 'f:example.com/ticket': {} } } },
        T_EDIT
      )
    )
    expect(outOfBand(live)).toEqual([
      {
        path: '/metadata/annotations/example.com~1ticket',
        reason: 'added-out-of-band',
        live: 'OPS-12',
        manager: 'kubectl-annotate',
        operation: 'Update',
        time: T_EDIT
      }
    ])
  })

  describe('B18: a map the deployer created only for its last-applied annotation', () => {
    /** client-side `kubectl apply` of a manifest without annotations, then `kubectl annotate`. */
    function annotatedClientSide(): KubeObject {
      const live = deploymentLiveClientSide()
      setAt(live, '/metadata/annotations/example.com~1ticket', 'OPS-12')
      addEntry(
        live,
        entry(
          'kubectl-annotate',
          'Update',
          { 'f:metadata': { 'f:annotations': { 'f:example.com/ticket': {} } } },
          T_EDIT
        )
      )
      return live
    }

    it('reports a key added with kubectl annotate, by kubectl-annotate', () => {
      const live = annotatedClientSide()
      expect(outOfBand(live, deploymentDesired(), readLastApplied(live))).toEqual([
        {
          path: '/metadata/annotations/example.com~1ticket',
          reason: 'added-out-of-band',
          live: 'OPS-12',
          manager: 'kubectl-annotate',
          operation: 'Update',
          time: T_EDIT
        }
      ])
    })

    it('reports a label added with kubectl label to an object whose manifest has none', () => {
      const desired = deploymentDesired()
      deleteAt(desired, '/metadata/labels')
      const live = deploymentLiveClientSide(desired)
      setAt(live, '/metadata/labels/team', 'payments')
      addEntry(
        live,
        entry('kubectl-label', 'Update', { 'f:metadata': { 'f:labels': { 'f:team': {} } } }, T_EDIT)
      )
      expect(outOfBand(live, desired, readLastApplied(live))).toMatchObject([
        { path: '/metadata/labels/team', live: 'payments', manager: 'kubectl-label' }
      ])
    })

    it('still takes a key the deployer owns for the deployer’s, even when another manager shares it', () => {
      const live = annotatedClientSide()
      addEntry(
        live,
        entry(
          'helm',
          'Update',
          { 'f:metadata': { 'f:annotations': { 'f:example.com/ticket': {} } } },
          T_LATER
        )
      )
      expect(outOfBand(live, deploymentDesired(), readLastApplied(live))).toEqual([])
    })
  })

  it('looks inside a map the last client-side apply wrote, even when managedFields do not say so', () => {
    // Git dropped nodeSelector; by hand, its one key was swapped for another, so the
    // hand edit owns every key live. Last-applied shows the deployer created the map.
    const live = deploymentLive()
    setAt(live, '/spec/template/spec/nodeSelector', { zone: 'b' })
    addEntry(
      live,
      entry(
        'kubectl-edit',
        'Update',
        { 'f:spec': { 'f:template': { 'f:spec': { 'f:nodeSelector': { 'f:zone': {} } } } } },
        T_EDIT
      )
    )
    const lastApplied = deploymentDesired()
    setAt(lastApplied, '/spec/template/spec/nodeSelector', { disk: 'ssd' })
    const paths = (applied?: KubeObject) =>
      outOfBand(live, deploymentDesired(), applied).map(change => change.path)
    expect(paths()).toEqual(['/spec/template/spec/nodeSelector'])
    expect(paths(lastApplied)).toEqual(['/spec/template/spec/nodeSelector/zone'])
  })

  it('does not report a field the manager set that Git also has (that is a changed value)', () => {
    const live = deploymentLive()
    setAt(live, `${CONTAINER}/env/0/value`, '2')
    addEntry(
      live,
      entry(
        'kubectl-edit',
        'Update',
        inApp({ 'f:env': { 'k:{"name":"A"}': { 'f:value': {} } } }),
        T_EDIT
      )
    )
    expect(outOfBand(live)).toEqual([])
  })

  it('finds a desired port without protocol by its TCP key', () => {
    const live = deploymentLive()
    setAt(live, `${CONTAINER}/ports/0/name`, 'web')
    addEntry(
      live,
      entry(
        'kubectl-edit',
        'Update',
        inApp({ 'f:ports': { 'k:{"containerPort":8080,"protocol":"TCP"}': { 'f:name': {} } } }),
        T_EDIT
      )
    )
    expect(outOfBand(live)).toEqual([])
  })

  it.each(['kube-controller-manager', 'kubelet', 'kube-scheduler', 'system:serviceaccount:x:y'])(
    'never blames the control plane (%s)',
    manager => {
      expect(outOfBand(withDebugEnv(deploymentLive(), manager))).toEqual([])
    }
  )

  it.each([
    'kube-drift',
    'helm',
    'kubectl-client-side-apply',
    'kubectl-create',
    'before-first-apply'
  ])('never blames a deployer (%s)', manager => {
    expect(outOfBand(withDebugEnv(deploymentLive(), manager))).toEqual([])
  })

  it('never blames a server-side applier (any Apply operation)', () => {
    const live = deploymentLive()
    setAt(live, '/metadata/labels/team', 'payments')
    addEntry(
      live,
      entry(
        'argocd-controller',
        'Apply',
        { 'f:metadata': { 'f:labels': { 'f:team': {} } } },
        T_EDIT
      )
    )
    expect(outOfBand(live)).toEqual([])
  })

  it('does not report a field a deployer co-owns', () => {
    const live = withDebugEnv(deploymentLive())
    addEntry(
      live,
      entry(
        'helm',
        'Update',
        inApp({ 'f:env': { 'k:{"name":"DEBUG"}': { '.': {}, 'f:name': {}, 'f:value': {} } } }),
        T_LATER
      )
    )
    expect(outOfBand(live)).toEqual([])
  })

  it('ignores status and server metadata even when a foreign manager owns them', () => {
    const live = deploymentLive()
    addEntry(
      live,
      entry(
        'custom-tool',
        'Update',
        {
          'f:metadata': { 'f:annotations': { 'f:deployment.kubernetes.io/revision': {} } },
          'f:status': { 'f:replicas': {} }
        },
        T_EDIT
      )
    )
    expect(outOfBand(live)).toEqual([])
  })
})
