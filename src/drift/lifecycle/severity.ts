// How much a change matters: the rule table, as data, that README mirrors (Severity)
// and the unit tests check rule by rule. The first rule that matches wins, so the
// table runs from most to least severe and ends with a rule that matches anything.
// Users override it per path (and kind) in .kube-drift.yaml (`severity:`); those
// entries are looked at first.
import type { FieldChange, Severity, SeverityOverride } from '../../types.ts'
import { globMatches, rulePathCovers } from '../ignore.ts'
import { valuesEqual } from '../values.ts'
import { adds, peersLoosened, rbacGrantsMore, removes, selectorWidened } from './loosened.ts'
import { type PatternNode, nodesOf } from './pattern.ts'

export interface SeverityRule {
  /** a short, stable name (tests and README use it). */
  id: string
  severity: Severity
  /** resource kinds the rule is for; absent = any. */
  kinds?: readonly string[]
  /** JSON Pointer patterns (`*` one segment, `**` any number, pattern.ts). */
  paths: readonly string[]
  /** whether the values at a node make the rule hold; default: they differ. */
  when?: (node: PatternNode, change: FieldChange) => boolean
  /** one line: why this change has this severity. */
  reason: (change: FieldChange) => string
}

export interface SeverityResult {
  severity: Severity
  reason: string
  /** the rule's id, or `override` for a .kube-drift.yaml entry. */
  rule: string
}

const RBAC_ROLES = ['Role', 'ClusterRole']
const RBAC_BINDINGS = ['RoleBinding', 'ClusterRoleBinding']
const WEBHOOK_CONFIGS = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers']
// The pattern of a container field in every list of containers of any pod spec.
const inContainers = (field: string): string[] =>
  CONTAINER_LISTS.map(list => `**/${list}/*/${field}`)
const who = (change: FieldChange): string => (change.manager ? ` (${change.manager})` : '')

export const SEVERITY_RULES: readonly SeverityRule[] = [
  // critical: what grants more, runs with more privilege, or lets more through admission.
  {
    id: 'rbac-rules-widened',
    severity: 'critical',
    kinds: RBAC_ROLES,
    paths: ['/rules'],
    when: node => rbacGrantsMore(node),
    reason: change => `RBAC rules grant more than Git${who(change)}`
  },
  {
    id: 'rbac-aggregation',
    severity: 'critical',
    kinds: ['ClusterRole'],
    paths: ['/aggregationRule'],
    reason: change => `ClusterRole aggregation changed${who(change)}`
  },
  {
    id: 'rbac-subjects-added',
    severity: 'critical',
    kinds: RBAC_BINDINGS,
    paths: ['/subjects'],
    when: node => adds(node),
    reason: change => `binding grants its role to more subjects than Git${who(change)}`
  },
  {
    id: 'rbac-roleref',
    severity: 'critical',
    kinds: RBAC_BINDINGS,
    paths: ['/roleRef'],
    reason: change => `binding refers to another role than Git${who(change)}`
  },
  {
    id: 'rbac-or-webhook-extra',
    severity: 'critical',
    kinds: [...RBAC_ROLES, ...RBAC_BINDINGS, ...WEBHOOK_CONFIGS],
    paths: [''],
    when: (_, change) => change.path === '' && change.reason === 'added-out-of-band',
    reason: change => `RBAC or admission object in the cluster, not in Git${who(change)}`
  },
  {
    id: 'privileged',
    severity: 'critical',
    paths: ['**/securityContext/privileged'],
    when: node => node.live === true && node.desired !== true,
    reason: change => `container made privileged${who(change)}`
  },
  {
    id: 'host-namespaces',
    severity: 'critical',
    paths: ['**/hostNetwork', '**/hostPID', '**/hostIPC'],
    when: node => node.live === true && node.desired !== true,
    reason: change => `pod shares a host namespace (${lastSegment(change.path)})${who(change)}`
  },
  {
    id: 'host-path',
    severity: 'critical',
    paths: ['**/volumes/*/hostPath'],
    when: node => node.live !== undefined && !valuesEqual(node.live, node.desired),
    reason: change => `hostPath volume not in Git${who(change)}`
  },
  {
    id: 'capabilities-added',
    severity: 'critical',
    paths: ['**/securityContext/capabilities/add'],
    when: node => adds(node),
    reason: change => `Linux capabilities added${who(change)}`
  },
  {
    id: 'run-as-non-root-off',
    severity: 'critical',
    paths: ['**/securityContext/runAsNonRoot'],
    when: node => node.desired === true && node.live !== true,
    reason: change => `runAsNonRoot turned off or removed${who(change)}`
  },
  {
    id: 'privilege-escalation-on',
    severity: 'critical',
    paths: ['**/securityContext/allowPrivilegeEscalation'],
    when: node => node.desired === false && node.live !== false,
    reason: change => `allowPrivilegeEscalation turned on or removed${who(change)}`
  },
  {
    id: 'read-only-root-off',
    severity: 'critical',
    paths: ['**/securityContext/readOnlyRootFilesystem'],
    when: node => node.desired === true && node.live !== true,
    reason: change => `readOnlyRootFilesystem turned off or removed${who(change)}`
  },
  {
    id: 'run-as-root',
    severity: 'critical',
    paths: ['**/securityContext/runAsUser'],
    when: node => node.live === 0 && node.desired !== 0,
    reason: change => `runs as root (runAsUser 0)${who(change)}`
  },
  {
    id: 'admission-webhook',
    severity: 'critical',
    kinds: WEBHOOK_CONFIGS,
    paths: ['failurePolicy', 'rules', 'namespaceSelector', 'objectSelector', 'matchConditions'].map(
      field => `/webhooks/*/${field}`
    ),
    reason: change => `admission webhook's failurePolicy, rules or selectors changed${who(change)}`
  },
  {
    id: 'secret-by-hand',
    severity: 'critical',
    kinds: ['Secret'],
    paths: ['/data', '/stringData'],
    when: (node, change) => change.cause?.kind === 'person' && differs(node),
    reason: change => `Secret value changed by hand${who(change)}`
  },
  // high: what runs, who can reach it, and what is gone.
  {
    id: 'image',
    severity: 'high',
    paths: inContainers('image'),
    reason: change => `container image differs from Git${who(change)}`
  },
  {
    id: 'command',
    severity: 'high',
    paths: [...inContainers('command'), ...inContainers('args')],
    reason: change => `container command or args differ from Git${who(change)}`
  },
  {
    id: 'network-policy-rules',
    severity: 'high',
    kinds: ['NetworkPolicy'],
    paths: ['/spec/ingress', '/spec/egress'],
    when: node => peersLoosened(node),
    reason: change => `NetworkPolicy lets more traffic through than Git${who(change)}`
  },
  {
    id: 'network-policy-selector',
    severity: 'high',
    kinds: ['NetworkPolicy'],
    paths: ['/spec/podSelector'],
    when: node => selectorWidened(node),
    reason: change => `NetworkPolicy podSelector loosened${who(change)}`
  },
  {
    id: 'network-policy-types',
    severity: 'high',
    kinds: ['NetworkPolicy'],
    paths: ['/spec/policyTypes'],
    when: node => removes(node),
    reason: change => `NetworkPolicy policyTypes removed${who(change)}`
  },
  {
    id: 'service-exposure',
    severity: 'high',
    kinds: ['Service'],
    paths: [
      '/spec/type',
      '/spec/externalIPs',
      '/spec/loadBalancerSourceRanges',
      '/spec/ports/*/nodePort'
    ],
    reason: change => `Service exposure changed (${lastSegment(change.path)})${who(change)}`
  },
  {
    id: 'missing',
    severity: 'high',
    paths: [''],
    when: (_, change) => change.path === '' && change.reason === 'missing-live',
    reason: () => 'in Git, not in the cluster (deleted?)'
  },
  {
    id: 'extra',
    severity: 'high',
    paths: [''],
    when: (_, change) => change.path === '' && change.reason === 'added-out-of-band',
    reason: change => `in the cluster, not in Git${who(change)}`
  },
  // medium: configuration and sizing.
  {
    id: 'env',
    severity: 'medium',
    paths: [...inContainers('env'), ...inContainers('envFrom')],
    reason: change => `container environment differs from Git${who(change)}`
  },
  {
    id: 'config-data',
    severity: 'medium',
    kinds: ['ConfigMap', 'Secret'],
    paths: ['/data', '/binaryData', '/stringData'],
    reason: change => `configuration data differs from Git${who(change)}`
  },
  {
    id: 'resources',
    severity: 'medium',
    paths: inContainers('resources'),
    reason: change => `resource requests or limits differ from Git${who(change)}`
  },
  // low: scale and metadata.
  {
    id: 'replicas',
    severity: 'low',
    paths: ['/spec/replicas'],
    reason: change => `replica count differs from Git${who(change)}`
  },
  {
    id: 'metadata',
    severity: 'low',
    paths: ['**/metadata/labels', '**/metadata/annotations'],
    reason: change => `label or annotation differs from Git${who(change)}`
  },
  // Anything else: a spec field the table does not name.
  {
    id: 'other',
    severity: 'medium',
    paths: ['**'],
    when: () => true,
    reason: change => `another field differs from Git${who(change)}`
  }
]

/**
 * The severity of `change` (its cause already set: a rule reads it) in a resource of
 * `kind`: the first override that covers it, else the first rule of `rules` that matches.
 */
export function severityOf(
  change: FieldChange,
  kind: string,
  overrides: readonly SeverityOverride[] = [],
  rules: readonly SeverityRule[] = SEVERITY_RULES
): SeverityResult {
  const override = overrides.find(
    entry =>
      (entry.kind === undefined || globMatches(entry.kind, kind)) &&
      rulePathCovers(entry.path, change.path)
  )
  if (override !== undefined) {
    return {
      severity: override.severity,
      reason: `set in .kube-drift.yaml for ${override.kind ? `${override.kind} ` : ''}${override.path}`,
      rule: 'override'
    }
  }
  for (const rule of rules) {
    if (rule.kinds !== undefined && !rule.kinds.includes(kind)) continue
    const when = rule.when ?? differs
    const holds = rule.paths.some(path => nodesOf(change, path).some(node => when(node, change)))
    if (holds) return { severity: rule.severity, reason: rule.reason(change), rule: rule.id }
  }
  // The last rule matches anything; a custom table without one falls back here.
  return { severity: 'medium', reason: 'no rule matched', rule: 'none' }
}

function differs(node: PatternNode): boolean {
  return !valuesEqual(node.live, node.desired)
}

function lastSegment(path: string): string {
  return path.split('/').at(-1) ?? path
}
