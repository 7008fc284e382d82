// (b) An operator: CRDs with structural schemas and defaults, custom resources
// relying on those defaults, the operator's Deployment, RBAC (one role
// aggregated into the built-in "edit"), and a one-off migration Job.
import type { CorpusApp } from '../corpus-app.ts'
import {
  added,
  at,
  atomic,
  extra,
  jsonPatch,
  mergePatch,
  missing,
  removed,
  within
} from '../edits.ts'

const LEDGERS = 'ledgers.ledger.drift.test'
const BACKUPS = 'ledgerbackups.ledger.drift.test'
const CRD = 'ledgers.ledger.drift.test'
const SCHEMA = '/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties'
const C0 = '/spec/template/spec/containers/0'

export const ledger: CorpusApp = {
  name: 'ledger',
  fixture: 'ledger',
  source: 'plain',
  namespace: 'ledger-system',
  selector: 'app.kubernetes.io/part-of=ledger',
  deployers: ['csa', 'ssa', 'helm', 'template'],
  edits: [
    {
      what: 'custom resource spec field changed',
      run: [mergePatch(`${LEDGERS}/audit`, { spec: { storage: { size: '50Gi' } } })],
      expect: [at('Ledger', 'audit', '/spec/storage/size', 'kubectl-patch', 'changed')]
    },
    {
      // Scaling a custom resource whose replicas Git leaves to the schema default
      // records no manager at all (the scale subresource only takes over existing
      // owners): that one is invisible to managedFields, so the corpus scales a
      // resource that sets replicas in Git.
      what: 'custom resource scaled through its scale subresource',
      run: [['scale', `${LEDGERS}/audit`, '--replicas=5']],
      expect: [at('Ledger', 'audit', '/spec/replicas', 'kubectl', 'changed')]
    },
    {
      what: 'schema-defaulted nested field changed',
      run: [mergePatch(`${LEDGERS}/payments`, { spec: { retention: { days: 30 } } })],
      expect: [added('Ledger', 'payments', '/spec/retention/days', 'kubectl-patch')]
    },
    {
      what: 'key added to a map of the spec',
      run: [mergePatch(`${LEDGERS}/audit`, { spec: { features: { tracing: true } } })],
      expect: [added('Ledger', 'audit', '/spec/features/tracing', 'kubectl-patch')]
    },
    {
      what: 'value in a map of the spec changed',
      run: [mergePatch(`${LEDGERS}/audit`, { spec: { features: { compression: true } } })],
      expect: [at('Ledger', 'audit', '/spec/features/compression', 'kubectl-patch', 'changed')]
    },
    {
      what: 'field of a keyed list entry changed',
      run: [
        jsonPatch(`${LEDGERS}/audit`, [
          { op: 'replace', path: '/spec/members/1/zone', value: 'zone-c' }
        ])
      ],
      expect: [at('Ledger', 'audit', '/spec/members/1/zone', 'kubectl-patch', 'changed')]
    },
    {
      what: 'atomic list replaced',
      run: [mergePatch(`${LEDGERS}/audit`, { spec: { endpoints: ['audit-0.audit'] } })],
      expect: [atomic('Ledger', 'audit', '/spec/endpoints', 'kubectl-patch')]
    },
    {
      what: 'free-form (preserve-unknown-fields) config changed',
      run: [mergePatch(`${LEDGERS}/audit`, { spec: { config: { checkpointInterval: '1m' } } })],
      expect: [at('Ledger', 'audit', '/spec/config/checkpointInterval', 'kubectl-patch', 'changed')]
    },
    {
      what: 'custom resource labelled',
      run: [['label', `${LEDGERS}/payments`, 'backup=hourly']],
      expect: [added('Ledger', 'payments', '/metadata/labels/backup', 'kubectl-label')]
    },
    {
      what: 'defaulted schedule of a custom resource changed',
      run: [mergePatch(`${BACKUPS}/audit-nightly`, { spec: { schedule: '0 */6 * * *' } })],
      expect: [added('LedgerBackup', 'audit-nightly', '/spec/schedule', 'kubectl-patch')]
    },
    {
      what: 'nested custom resource field changed',
      run: [
        mergePatch(`${BACKUPS}/audit-nightly`, { spec: { destination: { bucket: 'tmp-bucket' } } })
      ],
      expect: [
        at('LedgerBackup', 'audit-nightly', '/spec/destination/bucket', 'kubectl-patch', 'changed')
      ]
    },
    {
      what: 'custom resource deleted',
      run: [['delete', `${BACKUPS}/payments-hourly`]],
      expect: [missing('LedgerBackup', 'payments-hourly')]
    },
    {
      what: 'custom resource created by hand with the app label',
      run: [
        {
          args: ['apply', '-f', '-'],
          input: JSON.stringify({
            apiVersion: 'ledger.drift.test/v1',
            kind: 'Ledger',
            metadata: {
              name: 'sandbox',
              namespace: 'ledger-system',
              labels: { 'app.kubernetes.io/part-of': 'ledger' }
            },
            spec: { version: '16.0' }
          })
        }
      ],
      expect: [extra('Ledger', 'sandbox')]
    },
    {
      what: 'CRD schema default changed',
      run: [
        jsonPatch(`crd/${CRD}`, [{ op: 'replace', path: `${SCHEMA}/replicas/default`, value: 3 }])
      ],
      expect: [
        at(
          'CustomResourceDefinition',
          CRD,
          `${SCHEMA}/replicas/default`,
          'kubectl-patch',
          'changed'
        )
      ]
    },
    {
      what: 'CRD printer column changed',
      run: [
        jsonPatch(`crd/${CRD}`, [
          {
            op: 'replace',
            path: '/spec/versions/0/additionalPrinterColumns/0/jsonPath',
            value: '.spec.storage.size'
          }
        ])
      ],
      expect: [
        within(
          'CustomResourceDefinition',
          CRD,
          '/spec/versions/0/additionalPrinterColumns',
          'kubectl-patch'
        )
      ]
    },
    {
      what: 'kubectl set image',
      run: [
        [
          'set',
          'image',
          'deployment/ledger-operator',
          'operator=registry.example.com/ledger/operator:2.4.0'
        ]
      ],
      expect: [at('Deployment', 'ledger-operator', `${C0}/image`, 'kubectl-set')]
    },
    {
      what: 'env var written empty in Git set by hand',
      run: [['set', 'env', 'deployment/ledger-operator', 'WATCH_NAMESPACE=ledger-system']],
      expect: [at('Deployment', 'ledger-operator', `${C0}/env/0/value`, 'kubectl-set')]
    },
    {
      what: 'kubectl set resources',
      run: [['set', 'resources', 'deployment/ledger-operator', '--requests=cpu=200m']],
      expect: [at('Deployment', 'ledger-operator', `${C0}/resources/requests/cpu`, 'kubectl-set')]
    },
    {
      what: 'annotation added to a Deployment',
      run: [['annotate', 'deployment/ledger-operator', 'ledger.drift.test/debug=true']],
      expect: [
        added(
          'Deployment',
          'ledger-operator',
          '/metadata/annotations/ledger.drift.test~1debug',
          'kubectl-annotate'
        )
      ]
    },
    {
      what: 'Job labelled',
      run: [['label', 'job/ledger-schema-migrate', 'ledger.drift.test/ran-by=hand']],
      expect: [
        added(
          'Job',
          'ledger-schema-migrate',
          '/metadata/labels/ledger.drift.test~1ran-by',
          'kubectl-label'
        )
      ]
    },
    {
      what: 'ConfigMap key changed',
      run: [
        mergePatch('configmap/ledger-operator-config', {
          data: { 'max-concurrent-reconciles': '16' }
        })
      ],
      expect: [
        at(
          'ConfigMap',
          'ledger-operator-config',
          '/data/max-concurrent-reconciles',
          'kubectl-patch',
          'changed'
        )
      ]
    },
    {
      what: 'aggregation label removed from a ClusterRole',
      run: [['label', 'clusterrole/ledger-editor', 'rbac.authorization.k8s.io/aggregate-to-edit-']],
      expect: [
        removed(
          'ClusterRole',
          'ledger-editor',
          '/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-edit'
        )
      ]
    },
    {
      what: 'RBAC rule widened to Secrets',
      run: [
        jsonPatch('clusterrole/ledger-operator', [
          { op: 'add', path: '/rules/3/resources/-', value: 'secrets' }
        ])
      ],
      expect: [atomic('ClusterRole', 'ledger-operator', '/rules', 'kubectl-patch')]
    },
    {
      what: 'label changed on a ServiceAccount',
      run: [
        [
          'label',
          'serviceaccount/ledger-operator',
          'app.kubernetes.io/part-of=billing',
          '--overwrite'
        ]
      ],
      expect: [
        at(
          'ServiceAccount',
          'ledger-operator',
          '/metadata/labels/app.kubernetes.io~1part-of',
          'kubectl-label',
          'changed'
        )
      ]
    }
  ]
}
