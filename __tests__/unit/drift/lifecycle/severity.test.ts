// The severity rule table (src/drift/lifecycle/severity.ts), rule by rule: each
// rule has a change it decides, and where a rule reads values, a change it leaves
// to the rules after it. README's table mirrors this one (checked at the end).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { SEVERITY_RULES, severityOf } from '../../../../src/drift/lifecycle/severity.ts'
import type { FieldChange } from '../../../../src/types.ts'

const POD = '/spec/template/spec'
const C0 = `${POD}/containers/0`

const changed = (
  path: string,
  live: unknown,
  desired: unknown,
  extra: Partial<FieldChange> = {}
): FieldChange => ({
  path,
  reason: 'changed',
  ...(live === undefined ? {} : { live }),
  ...(desired === undefined ? {} : { desired }),
  ...extra
})

const rule = (change: FieldChange, kind: string) => severityOf(change, kind).rule

/** [rule id, kind, change]: the change the rule decides. */
const DECIDES: [string, string, FieldChange][] = [
  [
    'rbac-rules-widened',
    'ClusterRole',
    changed('/rules/0/verbs', ['get', 'list', 'delete'], ['get', 'list'])
  ],
  [
    'rbac-rules-widened',
    'Role',
    changed('/rules/1', { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }, undefined)
  ],
  ['rbac-rules-widened', 'Role', changed('/rules/0/resources', ['*'], ['pods'])],
  [
    'rbac-rules-widened',
    'Role',
    changed(
      '/rules',
      [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }],
      [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]
    )
  ],
  ['rbac-rules-widened', 'Role', changed('/rules/0/resourceNames', undefined, ['app-config'])],
  [
    'rbac-aggregation',
    'ClusterRole',
    changed('/aggregationRule/clusterRoleSelectors/0/matchLabels/x', 'y', undefined)
  ],
  [
    'rbac-subjects-added',
    'RoleBinding',
    changed('/subjects/1', { kind: 'User', name: 'mallory' }, undefined)
  ],
  [
    'rbac-subjects-added',
    'ClusterRoleBinding',
    changed(
      '/subjects',
      [
        { kind: 'User', name: 'a' },
        { kind: 'User', name: 'b' }
      ],
      [{ kind: 'User', name: 'a' }]
    )
  ],
  ['rbac-roleref', 'RoleBinding', changed('/roleRef/name', 'admin', 'view')],
  [
    'rbac-or-webhook-extra',
    'ClusterRoleBinding',
    { path: '', reason: 'added-out-of-band', manager: 'kubectl-create' }
  ],
  ['privileged', 'Deployment', changed(`${C0}/securityContext/privileged`, true, false)],
  [
    'privileged',
    'Pod',
    changed('/spec/containers/0/securityContext', { privileged: true }, undefined, {
      reason: 'added-out-of-band'
    })
  ],
  ['host-namespaces', 'DaemonSet', changed(`${POD}/hostNetwork`, true, undefined)],
  ['host-namespaces', 'Deployment', changed(`${POD}/hostPID`, true, false)],
  [
    'host-path',
    'Deployment',
    changed(`${POD}/volumes/1`, { name: 'root', hostPath: { path: '/' } }, undefined)
  ],
  [
    'capabilities-added',
    'Deployment',
    changed(`${C0}/securityContext/capabilities/add`, ['NET_ADMIN'], undefined)
  ],
  ['run-as-non-root-off', 'Deployment', changed(`${C0}/securityContext/runAsNonRoot`, false, true)],
  [
    'run-as-non-root-off',
    'Deployment',
    changed(`${C0}/securityContext`, undefined, { runAsNonRoot: true })
  ],
  [
    'privilege-escalation-on',
    'Deployment',
    changed(`${C0}/securityContext/allowPrivilegeEscalation`, true, false)
  ],
  [
    'read-only-root-off',
    'StatefulSet',
    changed(`${C0}/securityContext/readOnlyRootFilesystem`, false, true)
  ],
  ['run-as-root', 'Deployment', changed(`${POD}/securityContext/runAsUser`, 0, 1000)],
  [
    'run-as-root',
    'CronJob',
    changed('/spec/jobTemplate/spec/template/spec/securityContext/runAsUser', 0, 1000)
  ],
  [
    'admission-webhook',
    'ValidatingWebhookConfiguration',
    changed('/webhooks/0/failurePolicy', 'Ignore', 'Fail')
  ],
  [
    'admission-webhook',
    'MutatingWebhookConfiguration',
    changed('/webhooks/0/rules/0/operations', ['CREATE'], ['CREATE', 'UPDATE'])
  ],
  [
    'secret-by-hand',
    'Secret',
    changed('/data/password', '(secret, hmac:aaaa)', '(secret, hmac:bbbb)', {
      manager: 'kubectl-edit',
      cause: { kind: 'person', by: 'kubectl-edit' }
    })
  ],
  ['image', 'Deployment', changed(`${C0}/image`, 'api:1.1-hotfix', 'api:1.0')],
  ['image', 'Deployment', changed(`${POD}/initContainers/0/image`, 'migrate:2', 'migrate:1')],
  ['command', 'Deployment', changed(`${C0}/command`, ['sh', '-c', 'sleep 1d'], ['/app'])],
  ['command', 'Deployment', changed(`${C0}/args/0`, '--debug', '--quiet')],
  [
    'network-policy-rules',
    'NetworkPolicy',
    changed('/spec/ingress/1', { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }, undefined)
  ],
  [
    'network-policy-rules',
    'NetworkPolicy',
    changed('/spec/ingress/0/from', undefined, [{ podSelector: { matchLabels: { app: 'web' } } }])
  ],
  [
    'network-policy-rules',
    'NetworkPolicy',
    changed('/spec/egress/0/to/0/namespaceSelector/matchLabels/team', 'any', 'shop')
  ],
  [
    'network-policy-selector',
    'NetworkPolicy',
    changed('/spec/podSelector/matchLabels/app', undefined, 'api')
  ],
  [
    'network-policy-selector',
    'NetworkPolicy',
    changed('/spec/podSelector', {}, { matchLabels: { app: 'api' } })
  ],
  [
    'network-policy-types',
    'NetworkPolicy',
    changed('/spec/policyTypes', ['Ingress'], ['Ingress', 'Egress'])
  ],
  ['service-exposure', 'Service', changed('/spec/type', 'LoadBalancer', 'ClusterIP')],
  ['service-exposure', 'Service', changed('/spec/externalIPs', ['203.0.113.7'], undefined)],
  ['service-exposure', 'Service', changed('/spec/ports/0/nodePort', 30080, 30081)],
  ['missing', 'Deployment', { path: '', reason: 'missing-live' }],
  ['extra', 'ConfigMap', { path: '', reason: 'added-out-of-band', manager: 'kubectl-create' }],
  [
    'env',
    'Deployment',
    changed(`${C0}/env/2`, { name: 'DEBUG', value: '1' }, undefined, {
      reason: 'added-out-of-band'
    })
  ],
  ['env', 'Deployment', changed(`${C0}/envFrom/0/configMapRef/name`, 'other', 'api')],
  ['config-data', 'ConfigMap', changed('/data/LOG_LEVEL', 'debug', 'info')],
  [
    'config-data',
    'Secret',
    changed('/data/password', '(secret, hmac:aaaa)', '(secret, hmac:bbbb)', {
      manager: 'vault-operator',
      cause: { kind: 'controller', by: 'vault-operator' }
    })
  ],
  ['resources', 'Deployment', changed(`${C0}/resources/limits/memory`, '1Gi', '512Mi')],
  ['replicas', 'Deployment', changed('/spec/replicas', 5, 3)],
  [
    'metadata',
    'Deployment',
    changed('/metadata/labels/team', 'x', undefined, { reason: 'added-out-of-band' })
  ],
  [
    'metadata',
    'Deployment',
    changed(`/spec/template/metadata/annotations/restartedAt`, '2026-11-20', undefined)
  ],
  ['other', 'Deployment', changed('/spec/minReadySeconds', 0, 10)]
]

describe('the severity rule table', () => {
  it.each(DECIDES)('%s decides a %s change', (id, kind, change) => {
    const result = severityOf(change, kind)
    expect(result.rule).toBe(id)
    expect(result.severity).toBe(SEVERITY_RULES.find(r => r.id === id)?.severity)
    // One line, that says something.
    expect(result.reason).toMatch(/^[^\n]{10,}$/)
  })

  it('has a case above for every rule', () => {
    const decided = new Set(DECIDES.map(([id]) => id))
    expect(SEVERITY_RULES.map(r => r.id).filter(id => !decided.has(id))).toEqual([])
  })

  it('names the manager in the reason', () => {
    const change = changed(`${C0}/image`, 'api:2', 'api:1', { manager: 'kubectl-set' })
    expect(severityOf(change, 'Deployment').reason).toBe(
      'container image differs from Git (kubectl-set)'
    )
  })

  // What a rule that reads values leaves to the rules after it.
  it.each<[string, string, FieldChange, string]>([
    ['RBAC rules narrowed', 'Role', changed('/rules/0/verbs', ['get'], ['get', 'list']), 'other'],
    ['a rule removed', 'ClusterRole', changed('/rules/1', undefined, { verbs: ['get'] }), 'other'],
    [
      'resourceNames added (narrower)',
      'Role',
      changed('/rules/0/resourceNames', ['one'], undefined),
      'other'
    ],
    [
      'a subject removed',
      'RoleBinding',
      changed('/subjects/1', undefined, { kind: 'User', name: 'b' }),
      'other'
    ],
    [
      'privileged turned off',
      'Deployment',
      changed(`${C0}/securityContext/privileged`, false, true),
      'other'
    ],
    [
      'runAsNonRoot turned on',
      'Deployment',
      changed(`${C0}/securityContext/runAsNonRoot`, true, undefined),
      'other'
    ],
    [
      'runAsUser not root',
      'Deployment',
      changed(`${POD}/securityContext/runAsUser`, 1001, 1000),
      'other'
    ],
    [
      'a capability dropped',
      'Deployment',
      changed(`${C0}/securityContext/capabilities/add`, undefined, ['NET_ADMIN']),
      'other'
    ],
    [
      'a NetworkPolicy rule removed',
      'NetworkPolicy',
      changed('/spec/ingress/1', undefined, { from: [] }),
      'other'
    ],
    [
      'a stricter podSelector',
      'NetworkPolicy',
      changed('/spec/podSelector', { matchLabels: { a: 'b' } }, {}),
      'other'
    ],
    [
      'a policy type added',
      'NetworkPolicy',
      changed('/spec/policyTypes', ['Ingress', 'Egress'], ['Ingress']),
      'other'
    ],
    [
      'a Secret changed by a controller',
      'Secret',
      changed('/data/token', 'x', 'y', { cause: { kind: 'controller' } }),
      'config-data'
    ],
    ['/rules in a ConfigMap', 'ConfigMap', changed('/rules', 'a', 'b'), 'other']
  ])('%s is not decided by the rule that reads it', (_, kind, change, id) => {
    expect(rule(change, kind)).toBe(id)
  })

  it('takes the first rule that matches: a whole container added shows its privilege, then its image', () => {
    const container = { name: 'debug', image: 'busybox', securityContext: { privileged: true } }
    expect(rule(changed(`${POD}/containers/1`, container, undefined), 'Deployment')).toBe(
      'privileged'
    )
    const plain = { name: 'debug', image: 'busybox', env: [{ name: 'A', value: '1' }] }
    expect(rule(changed(`${POD}/containers/1`, plain, undefined), 'Deployment')).toBe('image')
  })

  it('runs the rules in table order, most severe first, ending with one that matches anything', () => {
    const order = ['critical', 'high', 'medium', 'low']
    const ranks = SEVERITY_RULES.slice(0, -1).map(r => order.indexOf(r.severity))
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    expect(SEVERITY_RULES.at(-1)?.id).toBe('other')
  })

  describe('overrides from .kube-drift.yaml', () => {
    it('win over the table, by path (with * segments) and kind', () => {
      const replicas = changed('/spec/replicas', 5, 3)
      const overrides = [
        { kind: 'StatefulSet', path: '/spec/replicas', severity: 'critical' as const },
        { kind: 'Deploy*', path: '/spec/*', severity: 'high' as const }
      ]
      expect(severityOf(replicas, 'Deployment', overrides)).toEqual({
        severity: 'high',
        reason: 'set in .kube-drift.yaml for Deploy* /spec/*',
        rule: 'override'
      })
      expect(severityOf(replicas, 'StatefulSet', overrides).severity).toBe('critical')
      expect(severityOf(replicas, 'ReplicaSet', overrides).rule).toBe('replicas')
    })

    it('cover the fields under their path, and can lower a critical rule', () => {
      const change = changed(`${C0}/securityContext/privileged`, true, false)
      const overrides = [{ path: `${POD}/containers`, severity: 'low' as const }]
      expect(severityOf(change, 'Deployment', overrides).severity).toBe('low')
    })
  })

  it('is mirrored in README (one row per rule, its severity first)', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../../../README.md'), 'utf8')
    for (const r of SEVERITY_RULES) {
      expect(readme).toMatch(new RegExp(`\\| ${r.severity} \\| \`${r.id}\` \\|`))
    }
  })
})
