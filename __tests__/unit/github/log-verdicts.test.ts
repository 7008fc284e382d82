// The action's log: a group per target listing every resource's verdict, the
// reasons under the ones not in sync, and nothing that could start a command.
import { describe, expect, it } from '@jest/globals'
import { logVerdicts } from '../../../src/github/log-verdicts.ts'
import { driftedDeployment, reportOf, resource, target } from '../report/sample-reports.ts'
import { captureStdout } from './helpers.ts'

describe('the log of verdicts', () => {
  it('lists each resource of each target in its own group', () => {
    const report = reportOf([
      target([resource({}), resource({ ...driftedDeployment, origin: 'introduced' })]),
      target(
        [
          resource({
            name: 'broken',
            status: 'Error',
            error: 'forbidden\n::add-mask::x'
          })
        ],
        { name: 'other' }
      )
    ])
    const stdout = captureStdout()
    try {
      logVerdicts(report)
    } finally {
      stdout.restore()
    }
    const lines = stdout.text().trimEnd().split('\n')
    expect(lines).toEqual([
      '::group::kube-drift: web: drift in 1 of 2 resources',
      'in sync: ConfigMap web/settings (deploy/settings.yaml:1)',
      'drifted: Deployment.apps web/api (deploy/api.yaml:14), introduced by this pull request',
      expect.stringMatching(/^ {4}· spec\.replicas: .*\(kubectl-scale, 2026-11-20 03:12 UTC\)$/),
      expect.stringMatching(/^ {4}· spec\.template\.spec\.containers\[0\]\.env\[2\]: /),
      '    · (1 ignored by rules)',
      '::endgroup::',
      '::group::kube-drift: other: error in 1 of 1 resource',
      'error: ConfigMap web/broken (deploy/settings.yaml:1)',
      '    · error: forbidden',
      '    · ::add-mask::x',
      '::endgroup::'
    ])
  })
})
