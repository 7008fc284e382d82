import { attribute } from '../../../src/drift/attribution.ts'
import { ownershipOf } from '../../../src/drift/managed-fields.ts'
import {
  T_APPLY,
  T_EDIT,
  T_LATER,
  addEntry,
  deploymentLive,
  deploymentLiveClientSide,
  entry,
  setAt
} from './fixtures.ts'

describe('attribute', () => {
  it('adds manager, operation and time of the live value owner', () => {
    const live = deploymentLive()
    expect(
      attribute(
        { path: '/spec/replicas', reason: 'changed', live: 3, desired: 4 },
        ownershipOf(live)
      )
    ).toEqual({
      path: '/spec/replicas',
      reason: 'changed',
      live: 3,
      desired: 4,
      manager: 'kubectl',
      operation: 'Apply',
      time: T_APPLY
    })
  })

  it('picks the most recent of several owners (shared ownership after two appliers)', () => {
    const live = deploymentLive()
    addEntry(live, entry('kube-drift', 'Apply', { 'f:spec': { 'f:replicas': {} } }, T_LATER))
    const change = attribute(
      { path: '/spec/replicas', reason: 'changed', live: 3, desired: 4 },
      ownershipOf(live)
    )
    expect(change.manager).toBe('kube-drift')
    expect(change.time).toBe(T_LATER)
  })

  it('does not attribute a field that is absent live from a map owned key by key', () => {
    // The deployer created the labels map (`.`): that says nothing about who removed a key.
    const live = deploymentLiveClientSide()
    const change = { path: '/metadata/labels/team', reason: 'changed' as const, desired: 'x' }
    expect(attribute(change, ownershipOf(live))).toEqual(change)
  })

  describe('B19: inside an atomic list or map someone replaced', () => {
    const TOLERATIONS = '/spec/template/spec/tolerations'
    /** `kubectl patch --type merge` replacing Git's tolerations with another one. */
    function tolerationsReplaced() {
      const live = deploymentLive()
      setAt(live, TOLERATIONS, [{ key: 'spot', operator: 'Exists', effect: 'NoSchedule' }])
      addEntry(
        live,
        entry(
          'kubectl-patch',
          'Update',
          { 'f:spec': { 'f:template': { 'f:spec': { 'f:tolerations': {} } } } },
          T_EDIT
        )
      )
      return live
    }

    it('names the owner of the replaced node for the item that is gone', () => {
      const change = {
        path: `${TOLERATIONS}/0`,
        reason: 'changed' as const,
        desired: { key: 'dedicated', operator: 'Equal', value: 'api', effect: 'NoSchedule' }
      }
      expect(attribute(change, ownershipOf(tolerationsReplaced()))).toEqual({
        ...change,
        manager: 'kubectl-patch',
        operation: 'Update',
        time: T_EDIT
      })
    })

    it('names it for a leaf that is gone deep inside (a named port made a number)', () => {
      const change = {
        path: `${TOLERATIONS}/0/tolerationSeconds`,
        reason: 'changed' as const,
        desired: 30
      }
      expect(attribute(change, ownershipOf(tolerationsReplaced())).manager).toBe('kubectl-patch')
    })

    it('does not take an empty struct owned as a leaf for an atomic node', () => {
      // Client-side apply owns the defaulted `securityContext: {}` as a leaf; a field Git
      // adds to it later was not removed by anyone.
      const live = deploymentLiveClientSide()
      const change = {
        path: '/spec/template/spec/securityContext/runAsNonRoot',
        reason: 'changed' as const,
        desired: true
      }
      expect(attribute(change, ownershipOf(live))).toEqual(change)
    })

    it('takes the nearest node owned as a whole', () => {
      const live = tolerationsReplaced()
      // An outer atomic owner (made up) loses to the inner one.
      addEntry(live, entry('outer-tool', 'Update', { 'f:spec': { 'f:template': {} } }, T_LATER))
      const change = { path: `${TOLERATIONS}/0`, reason: 'changed' as const, desired: {} }
      expect(attribute(change, ownershipOf(live)).manager).toBe('kubectl-patch')
    })
  })
})
