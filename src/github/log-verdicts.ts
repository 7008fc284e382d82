// The action's log: each target in a collapsible group listing every
// resource's verdict and, for the ones that are not in sync, why. Counts alone
// leave a reader of the log with nothing to act on.
import * as core from '@actions/core'
import { summarize } from '../drift/summary.ts'
import { verdictText } from '../report/format.ts'
import type { DriftReport } from '../types.ts'
import { detailLines, verdictLine } from './verdict-lines.ts'

export function logVerdicts(report: DriftReport): void {
  for (const target of report.targets) {
    core.startGroup(`kube-drift: ${target.name}: ${verdictText(summarize([target]))}`)
    try {
      for (const resource of target.resources) {
        core.info(verdictLine(resource).replace(/[\r\n]+/g, ' '))
        if (resource.status === 'InSync') continue
        // An error's message may span lines: each stays under its resource, behind a
        // bullet, so no line of a message can start a workflow command (`::`).
        for (const line of detailLines(resource).flatMap(text => text.split('\n'))) {
          core.info(`    · ${line}`)
        }
      }
    } finally {
      core.endGroup()
    }
  }
}
