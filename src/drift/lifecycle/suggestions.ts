// Suggested ignore rules: drift that a controller or an admission webhook makes
// (an HPA's replicas, a sidecar a webhook injects) comes back after every sync, so
// it is offered as a rule ready to paste into `.kube-drift.yaml`'s `ignore:`.
// Offered, never applied: the report shows it, `check --suggest-ignores` prints it.
import type { FieldChange, IgnoreRule, ResourceKey, ResourceResult } from '../../types.ts'
import { comparePointers } from '../pointer.ts'

export interface SuggestedIgnore {
  /** the rule, in the shape of config/ignore-rules.ts. */
  rule: IgnoreRule
  cause: 'controller' | 'webhook'
  /** the field manager of the changes (a controller's); absent for a webhook. */
  manager?: string
  /** how many changes it would silence, in how many resources. */
  changes: number
  resources: number
  /** false: no earlier run to tell whether the drift repeats ("seen in this run only"). */
  seenBefore: boolean
}

/** Whether a change was there in an earlier run too (part 2 builds it from the state). */
export type SeenBefore = (change: FieldChange, resource: ResourceKey) => boolean

/**
 * One rule per resource kind and manager (per kind for webhook mutations), listing
 * every path. With `seenBefore`, only changes that it says repeat are offered; without
 * it, every controller or webhook change is, marked as seen in this run only.
 */
export function suggestIgnores(
  resources: readonly ResourceResult[],
  seenBefore?: SeenBefore
): SuggestedIgnore[] {
  const groups = new Map<string, { suggestion: SuggestedIgnore; names: Set<string> }>()
  for (const resource of resources) {
    if (resource.status !== 'Drifted') continue
    for (const change of resource.changes) {
      const cause = change.cause?.kind
      if (cause !== 'controller' && cause !== 'webhook') continue
      if (change.path === '' || change.origin === 'introduced') continue
      if (seenBefore !== undefined && !seenBefore(change, resource)) continue
      const manager = cause === 'controller' ? change.cause?.by : undefined
      const id = JSON.stringify([resource.kind, cause, manager ?? ''])
      let group = groups.get(id)
      if (group === undefined) {
        group = {
          suggestion: {
            rule: { kind: resource.kind, ...(manager ? { managers: [manager] } : {}), paths: [] },
            cause,
            ...(manager ? { manager } : {}),
            changes: 0,
            resources: 0,
            seenBefore: seenBefore !== undefined
          },
          names: new Set()
        }
        groups.set(id, group)
      }
      const paths = group.suggestion.rule.paths ?? []
      if (!paths.includes(change.path)) paths.push(change.path)
      group.suggestion.changes += 1
      group.names.add(JSON.stringify([resource.namespace ?? '', resource.name]))
    }
  }
  return [...groups.values()]
    .map(({ suggestion, names }) => {
      suggestion.rule.paths?.sort(comparePointers)
      return { ...suggestion, resources: names.size }
    })
    .sort(
      (a, b) =>
        (a.rule.kind ?? '').localeCompare(b.rule.kind ?? '') ||
        (a.manager ?? '').localeCompare(b.manager ?? '')
    )
}

/**
 * The rules as a YAML list, each under a comment that says what made the drift and
 * whether it was seen before; strings JSON-quoted (a JSON string is a YAML scalar).
 */
export function suggestionsYaml(suggestions: readonly SuggestedIgnore[]): string {
  const lines: string[] = []
  for (const suggestion of suggestions) {
    const by = suggestion.manager ? `${suggestion.manager} (controller)` : 'an admission webhook'
    const seen = suggestion.seenBefore ? 'seen in earlier runs too' : 'seen in this run only'
    lines.push(
      `# made by ${by}: ${suggestion.changes} change(s) in ${suggestion.resources} ${suggestion.rule.kind ?? ''} resource(s); ${seen}`
    )
    lines.push(`- kind: ${JSON.stringify(suggestion.rule.kind)}`)
    if (suggestion.rule.managers) {
      lines.push(`  managers: [${suggestion.rule.managers.map(m => JSON.stringify(m)).join(', ')}]`)
    }
    lines.push('  paths:')
    for (const path of suggestion.rule.paths ?? []) lines.push(`    - ${JSON.stringify(path)}`)
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}
