// `kube-drift check --state FILE`: the drift history of a cron job outside
// GitHub Actions, in a file: read before the run (missing: a new history;
// unreadable contents: rebuilt, with a warning, never a failed run), written
// after it. The write is atomic (a temporary file renamed over the old one),
// so a run killed halfway leaves the last history whole; mode 0600, since it
// names the cluster's resources and when they drifted.
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { withHistory } from '../drift/lifecycle/annotate.ts'
import { stateFromJson, stateToJson, type ReadState } from '../drift/lifecycle/state-block.ts'
import { seenBeforeIn } from '../drift/lifecycle/seen-before.ts'
import { emptyState } from '../drift/lifecycle/state.ts'
import type { SeenBefore } from '../drift/lifecycle/suggestions.ts'
import { track } from '../drift/lifecycle/track.ts'
import type { DriftReport } from '../types.ts'

export async function readStateFile(file: string): Promise<ReadState> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptyState() }
    throw new Error(`cannot read the --state file ${file}: ${(error as Error).message}`, {
      cause: error
    })
  }
  return stateFromJson(text)
}

export async function writeStateFile(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`)
  try {
    await writeFile(temporary, text, { mode: 0o600 })
    // The mode of a new file is masked by the umask; this one is for the owner only, whatever it is.
    await chmod(temporary, 0o600)
    await rename(temporary, file)
  } catch (error) {
    await rm(temporary, { force: true })
    throw new Error(`cannot write the --state file ${file}: ${(error as Error).message}`, {
      cause: error
    })
  }
}

/**
 * Reads the history, merges this run into it, writes it back: the report with
 * firstSeen and lifecycle, and what the last run saw (for suggested ignore rules).
 */
export async function applyStateFile(
  file: string,
  report: DriftReport,
  warn: (message: string) => void
): Promise<{ report: DriftReport; seenBefore: SeenBefore }> {
  const read = await readStateFile(file)
  if (read.warning) warn(`--state ${file}: ${read.warning}`)
  const tracked = track(read.state, report, report.generatedAt)
  await writeStateFile(file, `${stateToJson(tracked.state)}\n`)
  return { report: withHistory(report, tracked), seenBefore: seenBeforeIn(read.state) }
}
