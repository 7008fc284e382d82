import {
  ALLOCATED_FIELD_RULES,
  withoutAllocatedEchoes
} from '../../../src/drift/allocated-fields.ts'
import type { FieldChange, KubeObject } from '../../../src/types.ts'
import { compare } from './compare-helpers.ts'
import { T_EDIT, addEntry, entry, serviceDesired, serviceLive, setAt } from './fixtures.ts'

/** Git's Service as a LoadBalancer that leaves externalTrafficPolicy to the server. */
function loadBalancer(): KubeObject {
  const service = serviceDesired()
  setAt(service, '/spec/type', 'LoadBalancer')
  return service
}

const policyEdited: FieldChange = {
  path: '/spec/externalTrafficPolicy',
  reason: 'changed',
  desired: 'Cluster',
  live: 'Local',
  manager: 'kubectl-patch'
}
const healthCheckNodePort: FieldChange = {
  path: '/spec/healthCheckNodePort',
  reason: 'changed',
  live: 31245
}

describe('withoutAllocatedEchoes', () => {
  it('leaves out the healthCheckNodePort allocated because externalTrafficPolicy drifted', () => {
    expect(withoutAllocatedEchoes([healthCheckNodePort, policyEdited], loadBalancer())).toEqual([
      policyEdited
    ])
  })

  it('leaves out, whatever their reason, nodePorts allocated because the type drifted', () => {
    const typeEdited: FieldChange = {
      path: '/spec/type',
      reason: 'changed',
      desired: 'ClusterIP',
      live: 'NodePort'
    }
    const nodePort: FieldChange = {
      path: '/spec/ports/0/nodePort',
      reason: 'added-out-of-band',
      live: 30080,
      manager: 'kubectl-patch'
    }
    expect(withoutAllocatedEchoes([typeEdited, nodePort], serviceDesired())).toEqual([typeEdited])
  })

  it('keeps the allocated field when its cause did not drift (it is a change of its own)', () => {
    expect(withoutAllocatedEchoes([healthCheckNodePort], loadBalancer())).toEqual([
      healthCheckNodePort
    ])
  })

  it('keeps the field when Git sets it: a value someone chose', () => {
    const service = loadBalancer()
    setAt(service, '/spec/healthCheckNodePort', 31000)
    expect(withoutAllocatedEchoes([healthCheckNodePort, policyEdited], service)).toEqual([
      healthCheckNodePort,
      policyEdited
    ])
    const withNodePort = serviceDesired()
    setAt(withNodePort, '/spec/ports/0/nodePort', 30080)
    const nodePort: FieldChange = { path: '/spec/ports/0/nodePort', reason: 'changed', live: 1 }
    const typeEdited: FieldChange = { path: '/spec/type', reason: 'changed', live: 'NodePort' }
    expect(withoutAllocatedEchoes([nodePort, typeEdited], withNodePort)).toHaveLength(2)
  })

  it('applies to the kinds it names only', () => {
    const notAService = { ...loadBalancer(), apiVersion: 'example.com/v1' }
    expect(withoutAllocatedEchoes([healthCheckNodePort, policyEdited], notAService)).toHaveLength(2)
  })

  it('keeps every rule documented: a known kind, a field and at least one cause', () => {
    for (const rule of ALLOCATED_FIELD_RULES) {
      expect(rule.field).toMatch(/^\/spec\//)
      expect(rule.causes.length).toBeGreaterThan(0)
      expect(rule.causes).not.toContain(rule.field)
    }
  })

  it('in a comparison: the change list names the policy only, the diff still shows the port', () => {
    const desired = loadBalancer()
    setAt(desired, '/spec/externalTrafficPolicy', 'Local')
    // Live: someone set the policy to Cluster, so the server released the health check port.
    const live = serviceLive()
    setAt(live, '/spec/type', 'LoadBalancer')
    setAt(live, '/spec/externalTrafficPolicy', 'Cluster')
    addEntry(
      live,
      entry('kubectl-patch', 'Update', { 'f:spec': { 'f:externalTrafficPolicy': {} } }, T_EDIT)
    )
    // The dry-run puts Local back and allocates a new port for it.
    const dryRun = structuredClone(live)
    setAt(dryRun, '/spec/externalTrafficPolicy', 'Local')
    setAt(dryRun, '/spec/healthCheckNodePort', 31245)
    const result = compare(desired, live, { dryRun })
    expect(result.changes).toEqual([
      expect.objectContaining({
        path: '/spec/externalTrafficPolicy',
        desired: 'Local',
        live: 'Cluster',
        manager: 'kubectl-patch'
      })
    ])
    expect(result.diff).toContain('+  healthCheckNodePort: 31245')
  })
})
