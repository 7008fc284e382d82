// (a) An admission controller: RBAC with an aggregated ClusterRole, validating
// and mutating webhooks (failurePolicy Ignore, a Service with no running pod),
// a Deployment with fieldRef env, probes and explicit zeros.
import type { CorpusApp } from '../corpus-app.ts'
import {
  added,
  at,
  atomic,
  createLabelled,
  extra,
  jsonPatch,
  mergePatch,
  missing,
  removed,
  within
} from '../edits.ts'

const DEPLOY = 'deployment/sentinel-controller-manager'
const MANAGER = 'sentinel-controller-manager'
const C0 = '/spec/template/spec/containers/0'

export const sentinel: CorpusApp = {
  name: 'sentinel',
  fixture: 'sentinel',
  source: 'plain',
  namespace: 'sentinel-system',
  selector: 'app.kubernetes.io/part-of=sentinel',
  deployers: ['csa', 'ssa', 'helm', 'template'],
  edits: [
    {
      what: 'kubectl scale',
      run: [['scale', DEPLOY, '--replicas=4']],
      expect: [at('Deployment', MANAGER, '/spec/replicas', 'kubectl')]
    },
    {
      what: 'kubectl set image',
      run: [
        ['set', 'image', DEPLOY, 'manager=registry.example.com/sentinel/controller:v1.5.0-rc1']
      ],
      expect: [at('Deployment', MANAGER, `${C0}/image`, 'kubectl-set')]
    },
    {
      what: 'kubectl set env (value of a var in Git)',
      run: [['set', 'env', DEPLOY, '-c', 'manager', 'LOG_LEVEL=debug']],
      expect: [at('Deployment', MANAGER, `${C0}/env/3/value`, 'kubectl-set')]
    },
    {
      what: 'env var added by hand',
      run: [['set', 'env', DEPLOY, '-c', 'manager', 'SENTINEL_DRY_RUN=true']],
      expect: [added('Deployment', MANAGER, `${C0}/env/4`, 'kubectl-set')]
    },
    {
      what: 'kubectl set resources',
      run: [['set', 'resources', DEPLOY, '-c', 'manager', '--limits=memory=512Mi']],
      expect: [at('Deployment', MANAGER, `${C0}/resources/limits/memory`, 'kubectl-set')]
    },
    {
      what: 'tolerations replaced by a merge patch',
      run: [
        mergePatch(DEPLOY, {
          spec: {
            template: {
              spec: {
                tolerations: [
                  { key: 'dedicated', operator: 'Equal', value: 'sentinel', effect: 'NoSchedule' }
                ]
              }
            }
          }
        })
      ],
      expect: [atomic('Deployment', MANAGER, '/spec/template/spec/tolerations', 'kubectl-patch')]
    },
    {
      what: 'probe period changed',
      run: [
        jsonPatch(DEPLOY, [{ op: 'replace', path: `${C0}/livenessProbe/periodSeconds`, value: 60 }])
      ],
      expect: [at('Deployment', MANAGER, `${C0}/livenessProbe/periodSeconds`, 'kubectl-patch')]
    },
    {
      what: 'annotation added to an object whose manifest has none',
      run: [['annotate', DEPLOY, 'ops.drift.test/paused-by=oncall']],
      expect: [
        added(
          'Deployment',
          MANAGER,
          '/metadata/annotations/ops.drift.test~1paused-by',
          'kubectl-annotate'
        )
      ]
    },
    {
      what: 'label changed',
      run: [['label', DEPLOY, 'app.kubernetes.io/version=v1.5.0-rc1', '--overwrite']],
      expect: [
        at(
          'Deployment',
          MANAGER,
          '/metadata/labels/app.kubernetes.io~1version',
          'kubectl-label',
          'changed'
        )
      ]
    },
    {
      what: 'label added',
      run: [['label', 'service/sentinel-webhook-service', 'team=platform']],
      expect: [
        added('Service', 'sentinel-webhook-service', '/metadata/labels/team', 'kubectl-label')
      ]
    },
    {
      what: 'label removed',
      run: [['label', 'configmap/sentinel-config', 'app.kubernetes.io/component-']],
      expect: [
        removed('ConfigMap', 'sentinel-config', '/metadata/labels/app.kubernetes.io~1component')
      ]
    },
    {
      what: 'ConfigMap key changed',
      run: [mergePatch('configmap/sentinel-config', { data: { 'audit-mode': 'true' } })],
      expect: [at('ConfigMap', 'sentinel-config', '/data/audit-mode', 'kubectl-patch', 'changed')]
    },
    {
      what: 'ConfigMap key added',
      run: [mergePatch('configmap/sentinel-config', { data: { 'extra-namespaces': 'payments' } })],
      expect: [added('ConfigMap', 'sentinel-config', '/data/extra-namespaces', 'kubectl-patch')]
    },
    {
      what: 'ConfigMap key removed',
      run: [mergePatch('configmap/sentinel-config', { data: { 'excluded-namespaces': null } })],
      expect: [removed('ConfigMap', 'sentinel-config', '/data/excluded-namespaces')]
    },
    {
      what: 'Secret value changed',
      run: [
        mergePatch('secret/sentinel-controller-token', {
          stringData: { 'api-token': 'rotated-by-hand' }
        })
      ],
      expect: [at('Secret', 'sentinel-controller-token', '/data/api-token', 'kubectl-patch')]
    },
    {
      what: 'Service port renumbered',
      run: [
        jsonPatch('service/sentinel-controller-manager-metrics-service', [
          { op: 'replace', path: '/spec/ports/0/port', value: 9443 }
        ])
      ],
      expect: [
        within(
          'Service',
          'sentinel-controller-manager-metrics-service',
          '/spec/ports',
          'kubectl-patch'
        )
      ]
    },
    {
      what: 'named target port made a number',
      run: [
        jsonPatch('service/sentinel-webhook-service', [
          { op: 'replace', path: '/spec/ports/0/targetPort', value: 9443 }
        ])
      ],
      expect: [
        at('Service', 'sentinel-webhook-service', '/spec/ports/0/targetPort', 'kubectl-patch')
      ]
    },
    {
      what: 'RBAC rule widened',
      run: [
        jsonPatch('clusterrole/sentinel-manager-role', [
          { op: 'add', path: '/rules/0/verbs/-', value: 'delete' }
        ])
      ],
      expect: [atomic('ClusterRole', 'sentinel-manager-role', '/rules', 'kubectl-patch')]
    },
    {
      what: 'aggregationRule selector changed',
      run: [
        mergePatch('clusterrole/sentinel-policy-reader', {
          aggregationRule: {
            clusterRoleSelectors: [
              { matchLabels: { 'rbac.sentinel.drift.test/aggregate-to-admin': 'true' } }
            ]
          }
        })
      ],
      expect: [
        atomic(
          'ClusterRole',
          'sentinel-policy-reader',
          '/aggregationRule',
          'kubectl-patch',
          'aggregate-to-admin'
        )
      ]
    },
    {
      what: 'webhook failurePolicy Ignore → Fail',
      run: [
        jsonPatch('validatingwebhookconfiguration/sentinel-validating-webhook-configuration', [
          { op: 'replace', path: '/webhooks/0/failurePolicy', value: 'Fail' }
        ])
      ],
      expect: [
        at(
          'ValidatingWebhookConfiguration',
          'sentinel-validating-webhook-configuration',
          '/webhooks/0/failurePolicy',
          'kubectl-patch'
        )
      ]
    },
    {
      what: 'webhook namespaceSelector replaced',
      run: [
        jsonPatch('mutatingwebhookconfiguration/sentinel-mutating-webhook-configuration', [
          {
            op: 'replace',
            path: '/webhooks/0/namespaceSelector',
            value: { matchLabels: { 'sentinel.drift.test/enforce': 'audit' } }
          }
        ])
      ],
      expect: [
        atomic(
          'MutatingWebhookConfiguration',
          'sentinel-mutating-webhook-configuration',
          '/webhooks/0/namespaceSelector',
          'kubectl-patch'
        )
      ]
    },
    {
      what: 'subject added to a ClusterRoleBinding',
      run: [
        jsonPatch('clusterrolebinding/sentinel-manager-rolebinding', [
          {
            op: 'add',
            path: '/subjects/-',
            value: { kind: 'User', name: 'mallory', apiGroup: 'rbac.authorization.k8s.io' }
          }
        ])
      ],
      expect: [
        atomic('ClusterRoleBinding', 'sentinel-manager-rolebinding', '/subjects', 'kubectl-patch')
      ]
    },
    {
      what: 'ServiceAccount annotated',
      run: [
        [
          'annotate',
          'serviceaccount/sentinel-controller',
          'eks.amazonaws.com/role-arn=arn:aws:iam::123456789012:role/sentinel'
        ]
      ],
      expect: [
        added(
          'ServiceAccount',
          'sentinel-controller',
          '/metadata/annotations/eks.amazonaws.com~1role-arn',
          'kubectl-annotate'
        )
      ]
    },
    {
      what: 'RoleBinding deleted',
      run: [['delete', 'rolebinding/sentinel-leader-election']],
      expect: [missing('RoleBinding', 'sentinel-leader-election')]
    },
    {
      what: 'ConfigMap created by hand with the app label',
      run: createLabelled(
        ['create', 'configmap', 'sentinel-policies', '--from-literal=deny-privileged=true'],
        'configmap/sentinel-policies',
        'app.kubernetes.io/part-of=sentinel'
      ),
      expect: [extra('ConfigMap', 'sentinel-policies')]
    }
  ]
}
