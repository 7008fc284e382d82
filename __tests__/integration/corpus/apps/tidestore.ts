// (e) A StatefulSet database: volumeClaimTemplates, a headless and a client
// Service, a PodDisruptionBudget, a NetworkPolicy and a backup CronJob.
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

const STS = 'statefulset/tidestore'
const POD = '/spec/template/spec'
const C0 = `${POD}/containers/0`

export const tidestore: CorpusApp = {
  name: 'tidestore',
  fixture: 'tidestore',
  source: 'plain',
  namespace: 'tidestore-system',
  selector: 'app.kubernetes.io/part-of=tidestore',
  deployers: ['csa', 'ssa', 'helm', 'template'],
  edits: [
    {
      what: 'kubectl scale',
      run: [['scale', STS, '--replicas=5']],
      expect: [at('StatefulSet', 'tidestore', '/spec/replicas', 'kubectl')]
    },
    {
      what: 'kubectl set image',
      run: [['set', 'image', STS, 'tidestore=registry.example.com/tidestore/server:15.5']],
      expect: [at('StatefulSet', 'tidestore', `${C0}/image`, 'kubectl-set')]
    },
    {
      what: 'init container image changed',
      run: [['set', 'image', STS, 'init-permissions=registry.example.com/tidestore/tools:1.3']],
      expect: [at('StatefulSet', 'tidestore', `${POD}/initContainers/0/image`, 'kubectl-set')]
    },
    {
      what: 'kubectl set env (value of a var in Git)',
      run: [['set', 'env', STS, '-c', 'tidestore', 'PGDATA=/data/pg']],
      expect: [at('StatefulSet', 'tidestore', `${C0}/env/3/value`, 'kubectl-set')]
    },
    {
      what: 'env var added by hand',
      run: [['set', 'env', STS, '-c', 'tidestore', 'LOG_STATEMENT=all']],
      expect: [added('StatefulSet', 'tidestore', `${C0}/env/4`, 'kubectl-set')]
    },
    {
      what: 'kubectl set resources',
      run: [['set', 'resources', STS, '-c', 'tidestore', '--requests=memory=2Gi']],
      expect: [at('StatefulSet', 'tidestore', `${C0}/resources/requests/memory`, 'kubectl-set')]
    },
    {
      what: 'rollout partition (written 0 in Git) raised',
      run: [mergePatch(STS, { spec: { updateStrategy: { rollingUpdate: { partition: 2 } } } })],
      expect: [
        at(
          'StatefulSet',
          'tidestore',
          '/spec/updateStrategy/rollingUpdate/partition',
          'kubectl-patch'
        )
      ]
    },
    {
      what: 'anti-affinity weight changed (atomic list)',
      run: [
        jsonPatch(STS, [
          {
            op: 'replace',
            path: `${POD}/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/weight`,
            value: 50
          }
        ])
      ],
      expect: [
        atomic(
          'StatefulSet',
          'tidestore',
          `${POD}/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution`,
          'kubectl-patch'
        )
      ]
    },
    {
      what: 'annotation added',
      run: [['annotate', STS, 'tidestore.drift.test/maintenance=2026-12-01']],
      expect: [
        added(
          'StatefulSet',
          'tidestore',
          '/metadata/annotations/tidestore.drift.test~1maintenance',
          'kubectl-annotate'
        )
      ]
    },
    {
      what: 'label removed',
      run: [['label', STS, 'app.kubernetes.io/name-']],
      expect: [removed('StatefulSet', 'tidestore', '/metadata/labels/app.kubernetes.io~1name')]
    },
    {
      what: 'PodDisruptionBudget maxUnavailable 1 → 0',
      run: [mergePatch('pdb/tidestore', { spec: { maxUnavailable: 0 } })],
      expect: [at('PodDisruptionBudget', 'tidestore', '/spec/maxUnavailable', 'kubectl-patch')]
    },
    {
      what: 'NetworkPolicy port changed (atomic ingress rules)',
      run: [
        jsonPatch('networkpolicy/tidestore', [
          { op: 'replace', path: '/spec/ingress/0/ports/0/port', value: 6432 }
        ])
      ],
      expect: [atomic('NetworkPolicy', 'tidestore', '/spec/ingress', 'kubectl-patch')]
    },
    {
      what: 'NetworkPolicy podSelector narrowed (atomic selector)',
      run: [
        mergePatch('networkpolicy/tidestore', {
          spec: { podSelector: { matchLabels: { 'tidestore.drift.test/role': 'primary' } } }
        })
      ],
      expect: [atomic('NetworkPolicy', 'tidestore', '/spec/podSelector', 'kubectl-patch', 'role')]
    },
    {
      what: 'CronJob schedule changed',
      run: [mergePatch('cronjob/tidestore-backup', { spec: { schedule: '0 5 * * *' } })],
      expect: [at('CronJob', 'tidestore-backup', '/spec/schedule', 'kubectl-patch', 'changed')]
    },
    {
      what: 'CronJob suspended (defaulted, not in Git)',
      run: [mergePatch('cronjob/tidestore-backup', { spec: { suspend: true } })],
      expect: [at('CronJob', 'tidestore-backup', '/spec/suspend', 'kubectl-patch')]
    },
    {
      what: 'CronJob image changed',
      run: [
        [
          'set',
          'image',
          'cronjob/tidestore-backup',
          'backup=registry.example.com/tidestore/tools:1.3'
        ]
      ],
      expect: [
        at(
          'CronJob',
          'tidestore-backup',
          '/spec/jobTemplate/spec/template/spec/containers/0/image',
          'kubectl-set'
        )
      ]
    },
    {
      what: 'Secret value changed',
      run: [
        mergePatch('secret/tidestore-credentials', {
          stringData: { 'replication-password': 'changed-by-hand' }
        })
      ],
      expect: [at('Secret', 'tidestore-credentials', '/data/replication-password', 'kubectl-patch')]
    },
    {
      what: 'ConfigMap key changed',
      run: [
        mergePatch('configmap/tidestore-config', {
          data: { 'tidestore.conf': "listen_addresses = '*'\nmax_connections = 500\n" }
        })
      ],
      expect: [
        at('ConfigMap', 'tidestore-config', '/data/tidestore.conf', 'kubectl-patch', 'changed')
      ]
    },
    {
      what: 'ConfigMap key removed',
      run: [mergePatch('configmap/tidestore-config', { data: { 'pg_hba.conf': null } })],
      expect: [removed('ConfigMap', 'tidestore-config', '/data/pg_hba.conf')]
    },
    {
      what: 'label added to the headless Service',
      run: [['label', 'service/tidestore-headless', 'monitoring=enabled']],
      expect: [
        added('Service', 'tidestore-headless', '/metadata/labels/monitoring', 'kubectl-label')
      ]
    },
    {
      what: 'Service selector repointed (atomic map)',
      run: [
        mergePatch('service/tidestore', {
          spec: { selector: { 'tidestore.drift.test/role': 'replica' } }
        })
      ],
      expect: [atomic('Service', 'tidestore', '/spec/selector', 'kubectl-patch')]
    },
    {
      what: 'numeric target port made a name',
      run: [
        jsonPatch('service/tidestore', [
          { op: 'replace', path: '/spec/ports/0/targetPort', value: 'sql' }
        ])
      ],
      expect: [at('Service', 'tidestore', '/spec/ports/0/targetPort', 'kubectl-patch')]
    },
    {
      what: 'ServiceAccount deleted',
      run: [['delete', 'serviceaccount/tidestore']],
      expect: [missing('ServiceAccount', 'tidestore')]
    },
    {
      what: 'Secret created by hand with the app label',
      run: createLabelled(
        [
          'create',
          'secret',
          'generic',
          'tidestore-credentials-old',
          '--from-literal=superuser-password=old'
        ],
        'secret/tidestore-credentials-old',
        'app.kubernetes.io/part-of=tidestore'
      ),
      expect: [extra('Secret', 'tidestore-credentials-old')]
    }
  ]
}
