// The one verdict of a run: the CLI's exit code and the action's message come from here.
import { describe, expect, it } from '@jest/globals'
import type { ReconcileResult } from '../../../src/reconcile/types.ts'
import {
  actionVerdict,
  detectionVerdict,
  reconcileVerdict,
  severityVerdict
} from '../../../src/report/verdict.ts'
import { driftedDeployment, reportOf, resource, target } from './sample-reports.ts'

const inSync = reportOf([target([resource({})])])
const drifted = reportOf([target([resource({}), driftedDeployment])])
const errored = reportOf([target([driftedDeployment, resource({ status: 'Error', error: 'x' })])])
const extraOnly = reportOf([target([resource({ status: 'Extra' })])])

const action = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name: 'api',
  action: 'update' as const,
  removedFields: [],
  outcome: 'would-apply' as const
}
const reconciled = (overrides: Partial<ReconcileResult>): ReconcileResult => ({
  dryRun: false,
  before: drifted,
  after: inSync,
  actions: [action],
  skipped: [],
  failed: 0,
  ...overrides
})

describe('detectionVerdict', () => {
  it('is 1 with any error, 2 with drift, 0 in sync', () => {
    expect(detectionVerdict(errored)).toEqual({
      code: 1,
      message: '1 resource(s) could not be compared'
    })
    expect(detectionVerdict(drifted)).toEqual({ code: 2, message: 'drift in 1 resource(s)' })
    expect(detectionVerdict(extraOnly).code).toBe(2)
    expect(detectionVerdict(inSync)).toEqual({ code: 0, message: 'in sync (1 resources)' })
  })
})

describe('reconcileVerdict', () => {
  it('is 1 when an apply failed, else the check after it decides', () => {
    expect(reconcileVerdict(reconciled({ failed: 1 }))).toEqual({
      code: 1,
      message: '1 resource(s) could not be reconciled'
    })
    expect(reconcileVerdict(reconciled({})).code).toBe(0)
    expect(reconcileVerdict(reconciled({ after: drifted })).code).toBe(2)
  })

  it('a dry run: 1 when the check before had errors, 2 when it would change something, else 0', () => {
    const dry = { dryRun: true, after: null }
    expect(reconcileVerdict(reconciled({ ...dry, before: errored })).code).toBe(1)
    expect(reconcileVerdict(reconciled({ ...dry })).code).toBe(2)
    expect(
      reconcileVerdict(
        reconciled({ ...dry, actions: [], skipped: [{ key: driftedDeployment, reason: 'r' }] })
      ).code
    ).toBe(2)
    // Extra objects without prune: nothing would change.
    expect(reconcileVerdict(reconciled({ ...dry, before: extraOnly, actions: [] })).code).toBe(0)
  })
})

describe('actionVerdict (fail-on-drift)', () => {
  const before = resource({ ...driftedDeployment, origin: 'pre-existing' })
  const mine = resource({ ...driftedDeployment, name: 'web', origin: 'introduced' })

  it('true and false: all drift fails the step, or none does', () => {
    const report = reportOf([target([before])])
    expect(actionVerdict(report, true)).toEqual({
      verdict: detectionVerdict(report),
      failDrift: true
    })
    expect(actionVerdict(report, false).failDrift).toBe(false)
  })

  it('introduced: only drift the pull request brings fails it, named as such', () => {
    expect(actionVerdict(reportOf([target([before])]), 'introduced')).toEqual({
      verdict: { code: 2, message: 'drift in 1 resource(s)' },
      failDrift: false
    })
    expect(actionVerdict(reportOf([target([before, mine])]), 'introduced')).toEqual({
      verdict: { code: 2, message: 'drift in 1 resource(s) brought by this pull request' },
      failDrift: true
    })
    // Unknown origin (no base compared): fail closed.
    expect(actionVerdict(reportOf([target([driftedDeployment])]), 'introduced').failDrift).toBe(
      true
    )
  })
})

describe('a severity threshold (fail-on-drift: high, check --fail-on-drift high)', () => {
  const withSeverity = (severity: 'critical' | 'high' | 'medium' | 'low') =>
    resource({
      name: `app-${severity}`,
      status: 'Drifted',
      changes: [{ path: '/spec/replicas', reason: 'changed', live: 5, desired: 3, severity }]
    })
  const mild = reportOf([target([withSeverity('low'), withSeverity('medium')])])
  const severe = reportOf([target([withSeverity('low'), withSeverity('critical')])])

  it('drift below the threshold passes (0), and says so; drift at or above it is 2', () => {
    expect(severityVerdict(mild, 'high')).toEqual({
      code: 0,
      message: 'drift in 2 resource(s), none high or worse'
    })
    expect(severityVerdict(severe, 'high')).toEqual({
      code: 2,
      message: 'drift high or worse in 1 resource(s)'
    })
    expect(severityVerdict(mild, 'medium').code).toBe(2)
    expect(severityVerdict(mild, 'low').code).toBe(2)
    expect(severityVerdict(severe, 'critical').code).toBe(2)
  })

  it('errors are 1 whatever the threshold; drift without a severity counts (fail closed)', () => {
    expect(severityVerdict(errored, 'critical').code).toBe(1)
    expect(severityVerdict(drifted, 'critical').code).toBe(2)
    expect(severityVerdict(inSync, 'low').code).toBe(0)
  })

  it('the action fails the step only at or above the threshold', () => {
    expect(actionVerdict(mild, 'high')).toEqual({
      verdict: { code: 0, message: 'drift in 2 resource(s), none high or worse' },
      failDrift: false
    })
    expect(actionVerdict(severe, 'high').failDrift).toBe(true)
  })
})

describe('severityVerdict without a threshold', () => {
  it('is the detection verdict', () => {
    expect(severityVerdict(drifted, undefined)).toEqual(detectionVerdict(drifted))
    expect(severityVerdict(inSync, undefined)).toEqual(detectionVerdict(inSync))
  })
})
