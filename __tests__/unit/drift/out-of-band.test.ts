import { ownershipOf } from '../../../src/drift/managed-fields.ts'
import { normalizeObject } from '../../../src/drift/normalize.ts'
import { findOutOfBand } from '../../../src/drift/out-of-band.ts'
import type { KubeObject } from '../../../src/types.ts'
import {
  T_EDIT,
  T_LATER,
  addEntry,
  deploymentDesired,
  deploymentLive,
  entry,
  setAt
} from './fixtures.ts'

const CONTAINER = '/spec/template/spec/containers/0'
const inApp = (fields: Record<string, unknown>) => ({
  'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': fields } } } }
})

function outOfBand(live: KubeObject, desired: KubeObject = deploymentDesired()) {
  return findOutOfBand(
    normalizeObject(live),
    normalizeObject(desired),
    ownershipOf(live),
    'kube-drift'
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

  it('reports a whole annotations map a manager created (it owns `.`) as one change', () => {
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
    expect(outOfBand(live).map(change => change.path)).toEqual(['/metadata/annotations'])
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
