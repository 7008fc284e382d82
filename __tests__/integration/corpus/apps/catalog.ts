// (d) A kustomize overlay over a base: configMapGenerator (merged with the
// base's) and secretGenerator (hash-suffixed names), images and replicas
// transformers, a strategic-merge patch and JSON 6902 patches.
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
  strategicPatch
} from '../edits.ts'

const API = 'deployment/catalog-api'
const INDEXER = 'deployment/catalog-indexer'
const C0 = '/spec/template/spec/containers/0'

export const catalog: CorpusApp = {
  name: 'catalog',
  fixture: 'catalog',
  source: 'kustomize',
  overlay: 'overlays/prod',
  namespace: 'catalog-prod',
  selector: 'app.kubernetes.io/part-of=catalog',
  deployers: ['csa', 'ssa', 'helm', 'template'],
  edits: [
    {
      what: 'kubectl scale',
      run: [['scale', API, '--replicas=6']],
      expect: [at('Deployment', 'catalog-api', '/spec/replicas', 'kubectl')]
    },
    {
      // Scale's spec.replicas is omitempty: at 0 the scale subresource owns nothing,
      // and the server records no manager for the field. Found, but nobody to name.
      what: 'scaled to zero (replicas transformer in Git)',
      run: [['scale', INDEXER, '--replicas=0']],
      expect: [
        { kind: 'Deployment', name: 'catalog-indexer', path: '/spec/replicas', manager: null }
      ]
    },
    {
      what: 'kubectl set image (images transformer in Git)',
      run: [['set', 'image', INDEXER, 'indexer=registry.example.com/catalog/api:2024.12.0']],
      expect: [at('Deployment', 'catalog-indexer', `${C0}/image`, 'kubectl-set')]
    },
    {
      what: 'env var from a JSON 6902 patch changed',
      run: [['set', 'env', INDEXER, 'INDEX_BATCH=1000']],
      expect: [at('Deployment', 'catalog-indexer', `${C0}/env/0/value`, 'kubectl-set')]
    },
    {
      what: 'env var added by hand',
      run: [['set', 'env', API, '-c', 'api', 'DEBUG_SQL=1']],
      expect: [
        {
          kind: 'Deployment',
          name: 'catalog-api',
          under: `${C0}/env`,
          reason: 'added-out-of-band',
          manager: 'kubectl-set',
          shows: 'DEBUG_SQL'
        }
      ]
    },
    {
      what: 'generated ConfigMap key (literal) changed',
      run: [mergePatch('configmap/catalog-settings-*', { data: { PAGE_SIZE: '500' } })],
      expect: [at('ConfigMap', 'catalog-settings-*', '/data/PAGE_SIZE', 'kubectl-patch', 'changed')]
    },
    {
      what: 'generated ConfigMap key (file) changed',
      run: [
        mergePatch('configmap/catalog-settings-*', {
          data: { 'search.properties': 'search.fuzzy=false\n' }
        })
      ],
      expect: [
        at('ConfigMap', 'catalog-settings-*', '/data/search.properties', 'kubectl-patch', 'changed')
      ]
    },
    {
      what: 'generated Secret value changed',
      run: [mergePatch('secret/catalog-db-*', { stringData: { password: 'hand-rotated' } })],
      expect: [at('Secret', 'catalog-db-*', '/data/password', 'kubectl-patch')]
    },
    {
      what: 'generated Secret key added',
      run: [mergePatch('secret/catalog-db-*', { stringData: { sslmode: 'disable' } })],
      expect: [added('Secret', 'catalog-db-*', '/data/sslmode', 'kubectl-patch')]
    },
    {
      what: 'annotation from a JSON 6902 patch changed',
      run: [['annotate', 'service/catalog-api', 'prometheus.io/port=9090', '--overwrite']],
      expect: [
        at(
          'Service',
          'catalog-api',
          '/metadata/annotations/prometheus.io~1port',
          'kubectl-annotate',
          'changed'
        )
      ]
    },
    {
      what: 'Service type NodePort → ClusterIP',
      run: [mergePatch('service/catalog-api', { spec: { type: 'ClusterIP' } })],
      expect: [at('Service', 'catalog-api', '/spec/type', 'kubectl-patch', 'changed')]
    },
    {
      what: 'tolerations (from the strategic-merge patch) replaced by a merge patch',
      run: [
        mergePatch(API, {
          spec: { template: { spec: { tolerations: [{ key: 'workload', operator: 'Exists' }] } } }
        })
      ],
      expect: [
        atomic('Deployment', 'catalog-api', '/spec/template/spec/tolerations', 'kubectl-patch')
      ]
    },
    {
      what: 'annotation from the strategic-merge patch removed',
      run: [['annotate', API, 'catalog.drift.test/owner-']],
      expect: [
        removed('Deployment', 'catalog-api', '/metadata/annotations/catalog.drift.test~1owner')
      ]
    },
    {
      what: 'label added',
      run: [['label', INDEXER, 'paused=true']],
      expect: [added('Deployment', 'catalog-indexer', '/metadata/labels/paused', 'kubectl-label')]
    },
    {
      what: 'common label changed',
      run: [['label', 'serviceaccount/catalog-api', 'environment=staging', '--overwrite']],
      expect: [
        at(
          'ServiceAccount',
          'catalog-api',
          '/metadata/labels/environment',
          'kubectl-label',
          'changed'
        )
      ]
    },
    {
      what: 'PodDisruptionBudget minAvailable changed',
      run: [mergePatch('pdb/catalog-api', { spec: { minAvailable: 1 } })],
      expect: [at('PodDisruptionBudget', 'catalog-api', '/spec/minAvailable', 'kubectl-patch')]
    },
    {
      what: 'kubectl set resources',
      run: [['set', 'resources', API, '-c', 'api', '--limits=cpu=4']],
      expect: [at('Deployment', 'catalog-api', `${C0}/resources/limits/cpu`, 'kubectl-set')]
    },
    {
      what: 'probe path changed',
      run: [
        jsonPatch(API, [
          { op: 'replace', path: `${C0}/readinessProbe/httpGet/path`, value: '/health' }
        ])
      ],
      expect: [
        at('Deployment', 'catalog-api', `${C0}/readinessProbe/httpGet/path`, 'kubectl-patch')
      ]
    },
    {
      what: 'volume pointed at another Secret',
      run: [
        jsonPatch(API, [
          {
            op: 'replace',
            path: '/spec/template/spec/volumes/0/secret/secretName',
            value: 'catalog-tls-manual'
          }
        ])
      ],
      expect: [
        at(
          'Deployment',
          'catalog-api',
          '/spec/template/spec/volumes/0/secret/secretName',
          'kubectl-patch'
        )
      ]
    },
    {
      what: 'pod template label added by a strategic-merge patch',
      run: [
        strategicPatch(API, { spec: { template: { metadata: { labels: { version: 'hotfix' } } } } })
      ],
      expect: [
        added(
          'Deployment',
          'catalog-api',
          '/spec/template/metadata/labels/version',
          'kubectl-patch'
        )
      ]
    },
    {
      what: 'generated Secret deleted',
      run: [['delete', 'secret/catalog-tls-*']],
      expect: [missing('Secret', 'catalog-tls-*')]
    },
    {
      what: 'Secret created by hand with the app label',
      run: createLabelled(
        ['create', 'secret', 'generic', 'catalog-db-old', '--from-literal=password=old'],
        'secret/catalog-db-old',
        'app.kubernetes.io/part-of=catalog'
      ),
      expect: [extra('Secret', 'catalog-db-old')]
    }
  ]
}
