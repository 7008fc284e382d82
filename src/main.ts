// The action: register the run's secrets and scrub the log of them, read the
// run and the inputs, then detect (or list the targets, reconcile, or adopt)
// inside a private scratch folder that is removed when the step ends, also on
// failure and cancellation. Every failure fails the step with a message.
import * as core from '@actions/core'
import { readActionInputs } from './github/action-inputs.ts'
import { refuseAdoptOn } from './github/adopt-publish.ts'
import { runAdoptStep } from './github/adopt-step.ts'
import { registerKnownSecrets } from './config/known-secrets.ts'
import { runDetectStep } from './github/detect-step.ts'
import { setTargetsOutput } from './github/outputs.ts'
import { runReconcileStep } from './github/reconcile-step.ts'
import { readRunContext } from './github/run-context.ts'
import { withWorkDir } from './github/work-dir.ts'
import { scrubOutputStreams } from './util/scrub-output-streams.ts'
import { secrets } from './util/secret-scrubber.ts'

export async function run(): Promise<void> {
  // Before anything can print: an error about a bad input is scrubbed too.
  registerKnownSecrets(secrets, { env: process.env })
  const stopScrubbing = scrubOutputStreams(secrets)
  try {
    const context = readRunContext()
    // Before the inputs are read (and the repository's files with them).
    if (core.getInput('mode').toLowerCase() === 'adopt') refuseAdoptOn(context.eventName)
    const inputs = await readActionInputs(context.workspace, context.eventName)
    setTargetsOutput(inputs.targets.map(target => target.name))
    if (inputs.mode === 'list') {
      core.info(`kube-drift: ${inputs.targets.length} target(s)`)
      return
    }
    await withWorkDir(dir => {
      if (inputs.mode === 'reconcile') return runReconcileStep(inputs, context, dir)
      if (inputs.mode === 'adopt') return runAdoptStep(inputs, context, dir)
      return runDetectStep(inputs, context, dir)
    })
  } catch (error) {
    core.setFailed(`kube-drift: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    stopScrubbing()
  }
}
