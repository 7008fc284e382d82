// Fields the API server fills in or clears as a consequence of another field: a
// Service's healthCheckNodePort exists only while it is a LoadBalancer with
// externalTrafficPolicy Local, its nodePorts only while it is a NodePort or a
// LoadBalancer. When that other field drifts, the server allocates (or releases)
// these too, live or in the dry-run, with values nobody chose. They are the echo of
// the drift, not drift of their own: listing them would count one hand edit as
// several. The diff still shows them; the change list names the cause only.

import type { FieldChange, KubeObject } from '../types.ts'
import { groupOf } from '../util/resource-identity.ts'
import { rulePathCovers } from './ignore.ts'
import { isPlainObject } from './json.ts'
import { parsePointer } from './pointer.ts'

interface AllocatedFieldRule {
  /** API group ('' for the core group) and kind of the objects the rule is about. */
  group: string
  kind: string
  /** the field the server allocates; `*` matches one segment (any list item). */
  field: string
  /** the fields whose change makes the server allocate or release it. */
  causes: readonly string[]
}

/**
 * The rules. Each applies only when Git does not set the field (a value Git chose is
 * always compared) and one of its causes is itself in the change list.
 */
export const ALLOCATED_FIELD_RULES: readonly AllocatedFieldRule[] = [
  // Allocated for type LoadBalancer with externalTrafficPolicy Local, released otherwise.
  {
    group: '',
    kind: 'Service',
    field: '/spec/healthCheckNodePort',
    causes: ['/spec/externalTrafficPolicy', '/spec/type']
  },
  // Allocated for type NodePort and LoadBalancer, released when the type goes back.
  { group: '', kind: 'Service', field: '/spec/ports/*/nodePort', causes: ['/spec/type'] },
  // Defaulted (true) for type LoadBalancer only.
  {
    group: '',
    kind: 'Service',
    field: '/spec/allocateLoadBalancerNodePorts',
    causes: ['/spec/type']
  },
  // Defaulted (Cluster) for NodePort and LoadBalancer only.
  { group: '', kind: 'Service', field: '/spec/externalTrafficPolicy', causes: ['/spec/type'] },
  // Allocated for every type but ExternalName, which has no cluster IP and no IP family.
  { group: '', kind: 'Service', field: '/spec/clusterIP', causes: ['/spec/type'] },
  { group: '', kind: 'Service', field: '/spec/clusterIPs', causes: ['/spec/type'] },
  { group: '', kind: 'Service', field: '/spec/ipFamilies', causes: ['/spec/type'] },
  { group: '', kind: 'Service', field: '/spec/ipFamilyPolicy', causes: ['/spec/type'] },
  { group: '', kind: 'Service', field: '/spec/internalTrafficPolicy', causes: ['/spec/type'] }
]

/**
 * `changes` without those at fields the server allocated because a cause drifted.
 * `desired` is the normalized object from Git.
 */
export function withoutAllocatedEchoes(
  changes: readonly FieldChange[],
  desired: KubeObject
): FieldChange[] {
  if (changes.length === 0) return []
  const rules = ALLOCATED_FIELD_RULES.filter(
    rule =>
      rule.kind === desired.kind &&
      rule.group === groupOf(desired.apiVersion) &&
      !gitSets(desired, rule.field)
  )
  if (rules.length === 0) return [...changes]
  const echoes = (change: FieldChange) =>
    rules.some(
      rule =>
        rulePathCovers(rule.field, change.path) &&
        changes.some(cause => rule.causes.some(path => rulePathCovers(path, cause.path)))
    )
  return changes.filter(change => !echoes(change))
}

/** Whether `desired` has a value at any path the pattern matches. */
function gitSets(desired: unknown, pattern: string): boolean {
  const matches = (node: unknown, segments: readonly string[]): boolean => {
    const [head, ...rest] = segments
    if (head === undefined) return node !== undefined
    const children = Array.isArray(node)
      ? head === '*'
        ? node
        : [node[Number(head)]]
      : isPlainObject(node)
        ? head === '*'
          ? Object.values(node)
          : [node[head]]
        : []
    return children.some(child => child !== undefined && matches(child, rest))
  }
  return matches(desired, parsePointer(pattern))
}
