// From what `runAdopt` found for a target to what its pull request gets: the
// files with the live values, the resources for the commit message, the report
// for the body, and what to do with an open pull request when there is
// nothing to commit. Only a target found in sync closes it as "the cluster
// matches Git"; one whose drift kube-drift cannot write (a Secret value, a
// Helm values suggestion, a field without a single source) closes it saying
// so; one with errors keeps it: an error is never a reason to close.
import type { AdoptOutcome } from '../adopt/types.ts'
import type { AdoptPublication } from './adopt-publish.ts'

export function publicationOf(outcome: AdoptOutcome, report: string): AdoptPublication {
  return {
    target: outcome.target,
    files: outcome.files.map(file => ({
      path: file.path,
      content: file.after,
      before: file.before
    })),
    resources: [
      ...new Set([
        ...outcome.adopted.map(field => field.resource),
        ...outcome.extras.map(extra => extra.resource)
      ])
    ],
    report,
    whenEmpty: whenEmpty(outcome)
  }
}

function whenEmpty(outcome: AdoptOutcome): AdoptPublication['whenEmpty'] {
  if (outcome.errors.length > 0) return 'keep'
  const left =
    outcome.adopted.length +
    outcome.extras.length +
    outcome.skipped.length +
    outcome.failed.length +
    outcome.suggestions.length
  return left === 0 ? 'in-sync' : 'not-writable'
}
