// One target's share of a report: the report's own summary when it is the only
// target, the target's own counts when there are more.
import { reportOfTarget } from '../../../src/report/target-report.ts'
import { reportOf, resource, target } from './sample-reports.ts'

describe('reportOfTarget', () => {
  it('hands on the report itself (and its summary) when it holds only that target', () => {
    const only = target([resource({ status: 'Drifted' })])
    const report = reportOf([only])
    expect(reportOfTarget(report, only)).toBe(report)
  })

  it("counts only the target's resources when the report holds several", () => {
    const web = target([resource({ status: 'Drifted' }), resource({ name: 'b' })])
    const api = target([resource({ status: 'Missing', name: 'c' })], { name: 'api' })
    const report = reportOf([web, api])
    const narrowed = reportOfTarget(report, api)
    expect(narrowed.targets).toEqual([api])
    expect(narrowed.summary).toMatchObject({ resources: 1, missing: 1, drifted: 0, inSync: 0 })
    expect(narrowed.cluster).toEqual(report.cluster)
    expect(reportOfTarget(report, web).summary).toMatchObject({
      resources: 2,
      drifted: 1,
      inSync: 1
    })
  })
})
