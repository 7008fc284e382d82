// Scores a kube-drift report against what the edits made: every expected change
// found, attributed to the manager that made it, and nothing else reported.
import type { FieldChange, ResourceResult } from '../../../src/types.ts'
import type { Edit, Expectation } from './corpus-app.ts'

export interface Score {
  edits: number
  found: number
  /** edits with at least one expectation that names a manager. */
  attributable: number
  attributed: number
  /** one line per edit not found, with what the report said about that resource. */
  missed: string[]
  /** one line per edit found but attributed to another manager (or to none). */
  misattributed: string[]
  /** changes and verdicts no edit explains: false drift after the edits. */
  noise: string[]
}

/** A report of an untouched deployment: every resource not InSync is false drift. */
export function falseDrift(resources: ResourceResult[]): string[] {
  return resources.filter(r => r.status !== 'InSync').map(describeResource)
}

export function score(resources: ResourceResult[], edits: Edit[]): Score {
  const explained = new Set<FieldChange>()
  const explainedResources = new Set<ResourceResult>()
  const result: Score = {
    edits: edits.length,
    found: 0,
    attributable: 0,
    attributed: 0,
    missed: [],
    misattributed: [],
    noise: []
  }
  for (const edit of edits) {
    let found = true
    let attributed = true
    const why: string[] = []
    for (const expectation of edit.expect) {
      const resource = resources.find(
        r => r.kind === expectation.kind && r.name === expectation.name
      )
      if (resource) explainedResources.add(resource)
      const outcome = judge(resource, expectation)
      for (const change of outcome.changes) explained.add(change)
      if (!outcome.found) {
        found = false
        why.push(
          `${where(expectation)} not found; ${resource ? describeResource(resource) : 'resource not in the report'}`
        )
      } else if (expectation.manager !== null && !outcome.attributed) {
        attributed = false
        why.push(
          `${where(expectation)} expected manager ${expectation.manager}, got ${outcome.changes.map(c => `${c.path}=${c.manager ?? 'none'}`).join(', ')}`
        )
      }
    }
    const attributable = edit.expect.some(e => e.manager !== null)
    if (found) result.found++
    else result.missed.push(`${edit.what}: ${why.join('; ')}`)
    if (attributable) {
      result.attributable++
      if (found && attributed) result.attributed++
      else if (found) result.misattributed.push(`${edit.what}: ${why.join('; ')}`)
    }
  }
  for (const resource of resources) {
    if (resource.status === 'InSync') continue
    const unexplained = resource.changes.filter(c => !explained.has(c))
    if (unexplained.length > 0) {
      result.noise.push(describeResource({ ...resource, changes: unexplained }))
    } else if (!explainedResources.has(resource)) {
      result.noise.push(describeResource(resource))
    }
  }
  return result
}

function judge(
  resource: ResourceResult | undefined,
  expectation: Expectation
): { found: boolean; attributed: boolean; changes: FieldChange[] } {
  if (!resource) return { found: false, attributed: false, changes: [] }
  if (expectation.status) {
    // A Missing or Extra resource's changes are the whole object: the verdict explains them.
    const found = resource.status === expectation.status
    return { found, attributed: true, changes: found ? resource.changes : [] }
  }
  const changes = resource.changes.filter(
    c =>
      (expectation.path !== undefined
        ? c.path === expectation.path
        : c.path === expectation.under || c.path.startsWith(`${expectation.under}/`)) &&
      (expectation.reason === undefined || c.reason === expectation.reason)
  )
  const shown =
    expectation.shows === undefined ||
    changes.some(
      c =>
        c.path.includes(expectation.shows!.replaceAll('~', '~0').replaceAll('/', '~1')) ||
        JSON.stringify(c.live ?? null).includes(expectation.shows!)
    )
  const found = changes.length > 0 && shown
  // An atomic node replaced whole: everything reported in it is the replacer's.
  // Elsewhere the changes with a live value name who set it.
  const judged = expectation.atomic ? changes : changes.filter(c => c.live !== undefined)
  const attributed =
    expectation.manager === null ||
    (judged.length > 0 && judged.every(c => c.manager === expectation.manager))
  return { found, attributed, changes }
}

function where(e: Expectation): string {
  const at = e.status ?? e.path ?? `${e.under}/…`
  return `${e.kind}/${e.name} ${at}`
}

export function describeResource(r: ResourceResult): string {
  const changes = r.changes.map(
    c =>
      `${c.path} [${c.reason}${c.manager ? ` by ${c.manager}` : ''}]${c.sensitive ? '' : ` ${brief(c.live)} → ${brief(c.desired)}`}`
  )
  return `${r.kind}/${r.name}: ${r.status}${r.error ? ` (${r.error})` : ''}${changes.length ? ` ${changes.join('; ')}` : ''}`
}

function brief(value: unknown): string {
  if (value === undefined) return 'absent'
  const text = JSON.stringify(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}
