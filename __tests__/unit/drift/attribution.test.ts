import { attribute } from '../../../src/drift/attribution.ts'
import { ownershipOf } from '../../../src/drift/managed-fields.ts'
import { T_APPLY, T_LATER, addEntry, deploymentLive, entry } from './fixtures.ts'

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

  it('does not attribute a field that is absent live (nobody records a removal)', () => {
    const change = { path: '/metadata/labels/team', reason: 'changed' as const, desired: 'x' }
    expect(attribute(change, ownershipOf(deploymentLive()))).toEqual(change)
  })
})
