// (c) A Helm chart: helpers, a subchart, an HPA, an Ingress, and a password
// kept by `lookup` (generated on first install) with its checksum annotation.
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

const WEB = 'deployment/shopfront'
const C0 = '/spec/template/spec/containers/0'

export const shopfront: CorpusApp = {
  name: 'shopfront',
  fixture: 'shopfront',
  source: 'chart',
  namespace: 'shopfront-system',
  selector: 'app.kubernetes.io/instance=shopfront',
  deployers: ['template', 'template-ssa', 'helm'],
  edits: [
    {
      what: 'kubectl set image',
      run: [['set', 'image', WEB, 'web=registry.example.com/shopfront/web:3.2.0-hotfix']],
      expect: [at('Deployment', 'shopfront', `${C0}/image`, 'kubectl-set')]
    },
    {
      what: 'kubectl set env (value from values.yaml)',
      run: [['set', 'env', WEB, '-c', 'web', 'LOG_FORMAT=text']],
      expect: [at('Deployment', 'shopfront', `${C0}/env/1/value`, 'kubectl-set')]
    },
    {
      what: 'env var added by hand',
      run: [['set', 'env', WEB, '-c', 'web', 'MAINTENANCE_MODE=on']],
      expect: [added('Deployment', 'shopfront', `${C0}/env/5`, 'kubectl-set')]
    },
    {
      what: 'kubectl set resources',
      run: [['set', 'resources', WEB, '-c', 'web', '--limits=memory=1Gi']],
      expect: [at('Deployment', 'shopfront', `${C0}/resources/limits/memory`, 'kubectl-set')]
    },
    {
      what: 'tolerations replaced by a merge patch',
      run: [
        mergePatch(WEB, {
          spec: { template: { spec: { tolerations: [{ operator: 'Exists' }] } } }
        })
      ],
      expect: [
        atomic('Deployment', 'shopfront', '/spec/template/spec/tolerations', 'kubectl-patch')
      ]
    },
    {
      what: 'kubectl rollout restart',
      run: [['rollout', 'restart', WEB]],
      expect: [
        added(
          'Deployment',
          'shopfront',
          '/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt',
          'kubectl-rollout'
        )
      ]
    },
    {
      what: 'subchart Deployment scaled',
      run: [['scale', 'deployment/shopfront-cache', '--replicas=3']],
      expect: [at('Deployment', 'shopfront-cache', '/spec/replicas', 'kubectl')]
    },
    {
      what: 'subchart ConfigMap edited',
      run: [
        mergePatch('configmap/shopfront-cache', { data: { 'cache.conf': 'maxmemory 512mb\n' } })
      ],
      expect: [at('ConfigMap', 'shopfront-cache', '/data/cache.conf', 'kubectl-patch', 'changed')]
    },
    {
      what: 'ConfigMap key added',
      run: [mergePatch('configmap/shopfront', { data: { maintenance: 'true' } })],
      expect: [added('ConfigMap', 'shopfront', '/data/maintenance', 'kubectl-patch')]
    },
    {
      what: 'ConfigMap key removed',
      run: [mergePatch('configmap/shopfront', { data: { 'feature-flags': null } })],
      expect: [removed('ConfigMap', 'shopfront', '/data/feature-flags')]
    },
    {
      what: 'Secret value changed',
      run: [mergePatch('secret/shopfront-api', { stringData: { 'api-key': 'sk_live_rotated' } })],
      expect: [at('Secret', 'shopfront-api', '/data/api-key', 'kubectl-patch')]
    },
    {
      what: 'Service port renumbered',
      run: [
        jsonPatch('service/shopfront', [{ op: 'replace', path: '/spec/ports/0/port', value: 8080 }])
      ],
      expect: [within('Service', 'shopfront', '/spec/ports', 'kubectl-patch')]
    },
    {
      what: 'externalTrafficPolicy Cluster → Local',
      run: [mergePatch('service/shopfront-public', { spec: { externalTrafficPolicy: 'Local' } })],
      expect: [at('Service', 'shopfront-public', '/spec/externalTrafficPolicy', 'kubectl-patch')]
    },
    {
      what: 'Ingress backend named port made a number (merge patch of the rules)',
      run: [
        mergePatch('ingress/shopfront', {
          spec: {
            rules: [
              {
                host: 'shop.example.com',
                http: {
                  paths: [
                    {
                      path: '/',
                      pathType: 'Prefix',
                      backend: { service: { name: 'shopfront', port: { number: 80 } } }
                    }
                  ]
                }
              }
            ]
          }
        })
      ],
      expect: [atomic('Ingress', 'shopfront', '/spec/rules', 'kubectl-patch', 'number')]
    },
    {
      what: 'Ingress annotation changed',
      run: [
        [
          'annotate',
          'ingress/shopfront',
          'nginx.ingress.kubernetes.io/proxy-body-size=64m',
          '--overwrite'
        ]
      ],
      expect: [
        at(
          'Ingress',
          'shopfront',
          '/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-body-size',
          'kubectl-annotate',
          'changed'
        )
      ]
    },
    {
      what: 'HPA maxReplicas changed',
      run: [mergePatch('hpa/shopfront', { spec: { maxReplicas: 20 } })],
      expect: [at('HorizontalPodAutoscaler', 'shopfront', '/spec/maxReplicas', 'kubectl-patch')]
    },
    {
      what: 'NetworkPolicy opened to everyone',
      run: [
        mergePatch('networkpolicy/shopfront', {
          spec: {
            ingress: [{ ports: [{ port: 'http' }] }, { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }]
          }
        })
      ],
      expect: [atomic('NetworkPolicy', 'shopfront', '/spec/ingress', 'kubectl-patch')]
    },
    {
      what: 'Role rule widened',
      run: [jsonPatch('role/shopfront', [{ op: 'add', path: '/rules/0/verbs/-', value: 'list' }])],
      expect: [atomic('Role', 'shopfront', '/rules', 'kubectl-patch')]
    },
    {
      what: 'ServiceAccount annotated',
      run: [
        [
          'annotate',
          'serviceaccount/shopfront',
          'iam.gke.io/gcp-service-account=shop@example.iam.gserviceaccount.com'
        ]
      ],
      expect: [
        added(
          'ServiceAccount',
          'shopfront',
          '/metadata/annotations/iam.gke.io~1gcp-service-account',
          'kubectl-annotate'
        )
      ]
    },
    {
      what: 'label added',
      run: [['label', WEB, 'canary=true']],
      expect: [added('Deployment', 'shopfront', '/metadata/labels/canary', 'kubectl-label')]
    },
    {
      what: 'label removed from a subchart Service',
      run: [['label', 'service/shopfront-cache', 'helm.sh/chart-']],
      expect: [removed('Service', 'shopfront-cache', '/metadata/labels/helm.sh~1chart')]
    },
    {
      what: 'RoleBinding deleted',
      run: [['delete', 'rolebinding/shopfront']],
      expect: [missing('RoleBinding', 'shopfront')]
    },
    {
      what: 'ConfigMap created by hand with the release label',
      run: createLabelled(
        ['create', 'configmap', 'shopfront-hotfix', '--from-literal=FLAG=on'],
        'configmap/shopfront-hotfix',
        'app.kubernetes.io/instance=shopfront'
      ),
      expect: [extra('ConfigMap', 'shopfront-hotfix')]
    }
  ]
}
