// What "grants more", "loosened" and "widened" mean for the severity rules that
// read values (severity.ts): each takes the live and Git values at a pattern's node
// (pattern.ts) and says whether the cluster allows more than Git does.
import { isPlainObject } from '../json.ts'
import { valuesEqual } from '../values.ts'
import type { PatternNode } from './pattern.ts'

/** The cluster has something Git does not: an item of a list, a value where Git has none, another value. */
export function adds(node: PatternNode): boolean {
  const { live, desired } = node
  if (live === undefined) return false
  if (Array.isArray(live) && Array.isArray(desired)) {
    return live.some(item => !desired.some(other => valuesEqual(item, other)))
  }
  return !valuesEqual(live, desired)
}

/** Git has something the cluster lost. */
export function removes(node: PatternNode): boolean {
  return adds({ live: node.desired, desired: node.live, rest: node.rest })
}

const RULE_LISTS = ['verbs', 'apiGroups', 'resources', 'nonResourceURLs']

/**
 * Whether the live RBAC rules (a list, one rule, or one field of a rule, by how deep
 * the change is) allow what Git's do not: a rule added, a verb, resource or group
 * added (`*` among them), resourceNames dropped.
 */
export function rbacGrantsMore(node: PatternNode): boolean {
  const { live, desired, rest } = node
  // Gone from the cluster: only a lost resourceNames restriction (or one name of it) allows more.
  if (live === undefined) return rest.length >= 2 && rest[1] === 'resourceNames'
  if (rest.length === 0) {
    const wanted = Array.isArray(desired) ? desired : []
    return !Array.isArray(live) || live.some(rule => !wanted.some(d => ruleCovers(d, rule)))
  }
  if (rest.length === 1) return desired === undefined || !ruleCovers(desired, live)
  const field = rest[1] ?? ''
  if (rest.length === 2 && field === 'resourceNames') {
    return namesCover(desired, live) === false
  }
  if (rest.length === 2 && RULE_LISTS.includes(field)) return !listCovers(desired, live)
  return !valuesEqual(live, desired)
}

/** Whether rule `wide` allows everything rule `narrow` does. */
function ruleCovers(wide: unknown, narrow: unknown): boolean {
  if (!isPlainObject(wide) || !isPlainObject(narrow)) return valuesEqual(wide, narrow)
  return (
    RULE_LISTS.every(field => listCovers(wide[field], narrow[field])) &&
    namesCover(wide.resourceNames, narrow.resourceNames)
  )
}

function listCovers(wide: unknown, narrow: unknown): boolean {
  const have = Array.isArray(wide) ? wide : []
  if (have.includes('*')) return true
  return (Array.isArray(narrow) ? narrow : []).every(item => have.includes(item))
}

/** resourceNames restrict: no names allows every name. */
function namesCover(wide: unknown, narrow: unknown): boolean {
  const limit = Array.isArray(wide) ? wide : []
  if (limit.length === 0) return true
  const names = Array.isArray(narrow) ? narrow : []
  return names.length > 0 && names.every(name => limit.includes(name))
}

/**
 * NetworkPolicy ingress or egress: the cluster has a rule, peer or port Git has not,
 * or lost a restriction inside a rule (its `from`, `to`, `ports` or a selector):
 * a rule without `from` admits every source. A whole rule gone admits less.
 */
export function peersLoosened(node: PatternNode): boolean {
  if (node.live === undefined) return node.rest.length >= 2
  return adds(node)
}

/** A selector with fewer constraints selects more pods; an empty one, all of them. */
export function selectorWidened(node: PatternNode): boolean {
  if (node.rest.length > 0) return node.live === undefined
  return constraints(node.live) < constraints(node.desired)
}

function constraints(selector: unknown): number {
  if (!isPlainObject(selector)) return 0
  const labels = isPlainObject(selector.matchLabels) ? Object.keys(selector.matchLabels).length : 0
  const expressions = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions.length
    : 0
  return labels + expressions
}
