// One resource's verdict in a line of plain text, with its fields under it:
// what the action's log lists per target and what an annotation in the PR's
// diff view says. Plain text (no Markdown): the log and annotations show it as is.
import { attribution, describeChange, pointerToPath, STATUS_LABEL } from '../report/format.ts'
import type { ChangeOrigin, FieldChange, ResourceResult } from '../types.ts'
import { formatResource } from '../util/resource-identity.ts'

const ORIGIN_TEXT: Record<ChangeOrigin | 'mixed', string> = {
  introduced: 'introduced by this pull request',
  'pre-existing': 'drifted before this pull request',
  mixed: 'partly introduced by this pull request'
}

/** `drifted: Deployment.apps web/api (deploy/api.yaml:14), introduced by this pull request`. */
export function verdictLine(resource: ResourceResult): string {
  const where = resource.source ? ` (${resource.source.file}:${resource.source.line})` : ''
  const origin =
    resource.origin && resource.status !== 'InSync' ? `, ${ORIGIN_TEXT[resource.origin]}` : ''
  return `${STATUS_LABEL[resource.status]}: ${formatResource(resource)}${where}${origin}`
}

/** `spec.replicas: 3 → 5 (kubectl-scale via scale, 2026-11-20 03:12 UTC)`. */
export function changeLine(change: FieldChange): string {
  const who = attribution(change)
  return `${pointerToPath(change.path)}: ${describeChange(change)}${who ? ` (${who})` : ''}`
}

/** What is wrong with a resource, a line each: its changes (at most `max`), or its error. */
export function detailLines(resource: ResourceResult, max = Number.POSITIVE_INFINITY): string[] {
  if (resource.status === 'Error') return [`error: ${resource.error ?? 'unknown error'}`]
  if (resource.status === 'Missing') return ['not in the cluster: applying would create it']
  if (resource.status === 'Extra') return ['in the cluster, not in Git']
  const lines = resource.changes.slice(0, max).map(changeLine)
  const more = resource.changes.length - lines.length
  if (more > 0) lines.push(`… and ${more} more ${more === 1 ? 'field' : 'fields'}`)
  if (resource.ignored > 0) lines.push(`(${resource.ignored} ignored by rules)`)
  return lines
}
