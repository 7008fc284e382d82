// Ignore rules: changes people decided not to care about (an HPA's replicas, a
// field a mutating webhook owns). Matching changes are removed and counted.

import type { FieldChange, IgnoreRule, ResourceKey } from '../types.ts'
import { parsePointer } from './pointer.ts'
import { groupOf } from '../util/resource-identity.ts'

/** A glob where `*` matches any run of characters; everything else is literal. */
export function globMatches(glob: string, value: string): boolean {
  const pattern = glob
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${pattern}$`).test(value)
}

/** Whether a rule's scope (group, kind, namespace, name; absent = any) covers a resource. */
export function ruleCoversResource(rule: IgnoreRule, key: ResourceKey): boolean {
  const scope: [string | undefined, string][] = [
    [rule.group, groupOf(key.apiVersion)],
    [rule.kind, key.kind],
    [rule.namespace, key.namespace ?? ''],
    [rule.name, key.name]
  ]
  return scope.every(([glob, value]) => glob === undefined || globMatches(glob, value))
}

/**
 * Whether a rule path covers a change path: segment by segment, `*` matching any one
 * segment, and a rule path also covering everything under it.
 */
export function rulePathCovers(rulePath: string, changePath: string): boolean {
  // RFC 6901 to the letter: '/' is the key "" (not the whole object, which only
  // '' is), so a rule that passed validation never covers more than it says.
  const rule = parsePointer(rulePath)
  const change = parsePointer(changePath)
  if (rule.length > change.length) return false
  return rule.every((segment, i) => segment === '*' || segment === change[i])
}

/**
 * A change matches a rule when the rule's scope covers the resource, and (when the
 * rule lists them) one of its paths covers the change and one of its managers set it.
 */
export function matchesIgnoreRule(
  rule: IgnoreRule,
  key: ResourceKey,
  change: FieldChange
): boolean {
  if (!ruleCoversResource(rule, key)) return false
  const paths = rule.paths ?? []
  if (paths.length > 0 && !paths.some(path => rulePathCovers(path, change.path))) return false
  const managers = rule.managers ?? []
  if (managers.length > 0) {
    const manager = change.manager
    if (manager === undefined || !managers.some(glob => globMatches(glob, manager))) return false
  }
  return true
}

export function filterIgnored(
  changes: readonly FieldChange[],
  rules: readonly IgnoreRule[],
  key: ResourceKey
): { kept: FieldChange[]; ignored: FieldChange[] } {
  const kept: FieldChange[] = []
  const ignored: FieldChange[] = []
  for (const change of changes) {
    if (rules.some(rule => matchesIgnoreRule(rule, key, change))) ignored.push(change)
    else kept.push(change)
  }
  return { kept, ignored }
}
