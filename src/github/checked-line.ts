// The line that says what a body was checked against: the commit (short,
// linked) and the workflow run that checked it, so a reader of a PR comment
// knows whether it is about the latest push and where the log is.
import type { RunContext } from './run-context.ts'

/** `_Checked commit [`c0ffee1`](…/commit/…) in [workflow run 1234](…)._`, or '' with nothing to name. */
export function checkedLine(context: { run: RunContext; sha?: string }): string {
  const { run, sha } = context
  const parts: string[] = []
  if (sha) {
    const short = `\`${sha.slice(0, 7)}\``
    parts.push(
      run.owner
        ? `commit [${short}](${run.serverUrl}/${run.owner}/${run.repo}/commit/${sha})`
        : `commit ${short}`
    )
  }
  if (run.runUrl) parts.push(`in [workflow run ${run.runId}](${run.runUrl})`)
  return parts.length > 0 ? `_Checked ${parts.join(' ')}._` : ''
}
