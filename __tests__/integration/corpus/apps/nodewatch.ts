// (f) A DaemonSet agent: hostNetwork, hostPID and hostPath volumes, tolerations,
// its ServiceAccount with a ClusterRole and ClusterRoleBinding, and a CronJob.
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
  removed
} from '../edits.ts'

const DS = 'daemonset/nodewatch-agent'
const POD = '/spec/template/spec'
const C0 = `${POD}/containers/0`

export const nodewatch: CorpusApp = {
  name: 'nodewatch',
  fixture: 'nodewatch',
  source: 'plain',
  namespace: 'nodewatch-system',
  selector: 'app.kubernetes.io/part-of=nodewatch',
  deployers: ['csa', 'ssa', 'helm', 'template'],
  edits: [
    {
      what: 'kubectl set image',
      run: [['set', 'image', DS, 'agent=registry.example.com/nodewatch/agent:0.9.2']],
      expect: [at('DaemonSet', 'nodewatch-agent', `${C0}/image`, 'kubectl-set')]
    },
    {
      what: 'env var added by hand',
      run: [['set', 'env', DS, '-c', 'agent', 'AGENT_DEBUG=1']],
      expect: [added('DaemonSet', 'nodewatch-agent', `${C0}/env/3`, 'kubectl-set')]
    },
    {
      what: 'tolerations replaced by a merge patch',
      run: [
        mergePatch(DS, {
          spec: {
            template: {
              spec: {
                tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }]
              }
            }
          }
        })
      ],
      expect: [atomic('DaemonSet', 'nodewatch-agent', `${POD}/tolerations`, 'kubectl-patch')]
    },
    {
      what: 'hostPath changed',
      run: [
        jsonPatch(DS, [
          { op: 'replace', path: `${POD}/volumes/3/hostPath/path`, value: '/var/log/pods' }
        ])
      ],
      expect: [
        at('DaemonSet', 'nodewatch-agent', `${POD}/volumes/3/hostPath/path`, 'kubectl-patch')
      ]
    },
    {
      what: 'hostNetwork turned off (dropped by the server as false)',
      run: [mergePatch(DS, { spec: { template: { spec: { hostNetwork: false } } } })],
      expect: [removed('DaemonSet', 'nodewatch-agent', `${POD}/hostNetwork`)]
    },
    {
      what: 'updateStrategy maxUnavailable changed',
      run: [
        mergePatch(DS, { spec: { updateStrategy: { rollingUpdate: { maxUnavailable: '20%' } } } })
      ],
      expect: [
        at(
          'DaemonSet',
          'nodewatch-agent',
          '/spec/updateStrategy/rollingUpdate/maxUnavailable',
          'kubectl-patch'
        )
      ]
    },
    {
      what: 'kubectl set resources',
      run: [['set', 'resources', DS, '-c', 'agent', '--limits=memory=400Mi']],
      expect: [at('DaemonSet', 'nodewatch-agent', `${C0}/resources/limits/memory`, 'kubectl-set')]
    },
    {
      what: 'nodeSelector key added (atomic map)',
      run: [
        mergePatch(DS, {
          spec: { template: { spec: { nodeSelector: { 'nodewatch.drift.test/enabled': 'true' } } } }
        })
      ],
      expect: [
        atomic('DaemonSet', 'nodewatch-agent', `${POD}/nodeSelector`, 'kubectl-patch', 'enabled')
      ]
    },
    {
      what: 'hostPort changed',
      run: [jsonPatch(DS, [{ op: 'replace', path: `${C0}/ports/0/hostPort`, value: 9101 }])],
      expect: [at('DaemonSet', 'nodewatch-agent', `${C0}/ports/0/hostPort`, 'kubectl-patch')]
    },
    {
      what: 'capability added (atomic list)',
      run: [
        jsonPatch(DS, [
          { op: 'add', path: `${C0}/securityContext/capabilities/add/-`, value: 'NET_ADMIN' }
        ])
      ],
      expect: [
        atomic(
          'DaemonSet',
          'nodewatch-agent',
          `${C0}/securityContext/capabilities/add`,
          'kubectl-patch'
        )
      ]
    },
    {
      what: 'container made privileged (false in Git)',
      run: [
        jsonPatch(DS, [{ op: 'replace', path: `${C0}/securityContext/privileged`, value: true }])
      ],
      expect: [
        at('DaemonSet', 'nodewatch-agent', `${C0}/securityContext/privileged`, 'kubectl-patch')
      ]
    },
    {
      what: 'probe delay (0 in Git) raised',
      run: [
        jsonPatch(DS, [{ op: 'add', path: `${C0}/livenessProbe/initialDelaySeconds`, value: 10 }])
      ],
      expect: [
        at(
          'DaemonSet',
          'nodewatch-agent',
          `${C0}/livenessProbe/initialDelaySeconds`,
          'kubectl-patch'
        )
      ]
    },
    {
      what: 'pod template annotation changed',
      run: [
        mergePatch(DS, {
          spec: {
            template: { metadata: { annotations: { 'nodewatch.drift.test/scrape': 'false' } } }
          }
        })
      ],
      expect: [
        at(
          'DaemonSet',
          'nodewatch-agent',
          '/spec/template/metadata/annotations/nodewatch.drift.test~1scrape',
          'kubectl-patch'
        )
      ]
    },
    {
      what: 'label added',
      run: [['label', DS, 'rollout=paused']],
      expect: [added('DaemonSet', 'nodewatch-agent', '/metadata/labels/rollout', 'kubectl-label')]
    },
    {
      what: 'RBAC rule widened to Secrets',
      run: [
        jsonPatch('clusterrole/nodewatch-agent', [
          { op: 'add', path: '/rules/0/resources/-', value: 'secrets' }
        ])
      ],
      expect: [atomic('ClusterRole', 'nodewatch-agent', '/rules', 'kubectl-patch')]
    },
    {
      what: 'subject added to the ClusterRoleBinding',
      run: [
        jsonPatch('clusterrolebinding/nodewatch-agent', [
          {
            op: 'add',
            path: '/subjects/-',
            value: { kind: 'ServiceAccount', name: 'default', namespace: 'default' }
          }
        ])
      ],
      expect: [atomic('ClusterRoleBinding', 'nodewatch-agent', '/subjects', 'kubectl-patch')]
    },
    {
      what: 'ConfigMap key changed',
      run: [mergePatch('configmap/nodewatch-agent-config', { data: { 'flush-interval': '60s' } })],
      expect: [
        at(
          'ConfigMap',
          'nodewatch-agent-config',
          '/data/flush-interval',
          'kubectl-patch',
          'changed'
        )
      ]
    },
    {
      what: 'ServiceAccount annotated',
      run: [['annotate', 'serviceaccount/nodewatch-agent', 'owner=sre']],
      expect: [
        added(
          'ServiceAccount',
          'nodewatch-agent',
          '/metadata/annotations/owner',
          'kubectl-annotate'
        )
      ]
    },
    {
      what: 'CronJob schedule changed',
      run: [mergePatch('cronjob/nodewatch-inventory', { spec: { schedule: '@hourly' } })],
      expect: [at('CronJob', 'nodewatch-inventory', '/spec/schedule', 'kubectl-patch', 'changed')]
    },
    {
      what: 'label removed from the CronJob',
      run: [['label', 'cronjob/nodewatch-inventory', 'app.kubernetes.io/part-of-']],
      expect: [
        removed('CronJob', 'nodewatch-inventory', '/metadata/labels/app.kubernetes.io~1part-of')
      ]
    },
    {
      what: 'headless Service deleted',
      run: [['delete', 'service/nodewatch-agent']],
      expect: [missing('Service', 'nodewatch-agent')]
    },
    {
      what: 'ConfigMap created by hand with the app label',
      run: createLabelled(
        ['create', 'configmap', 'nodewatch-agent-override', '--from-literal=scrape_interval=1s'],
        'configmap/nodewatch-agent-override',
        'app.kubernetes.io/part-of=nodewatch'
      ),
      expect: [extra('ConfigMap', 'nodewatch-agent-override')]
    }
  ]
}
