// A pull request's report as the engine builds it, for looking at the bodies
// GitHub shows: the real comparison (drift/) of Git's objects with live ones
// that carry managedFields, at the PR's head and at its base, then the real
// introduced/pre-existing marking. Drift of every kind: changed fields, fields
// added out of band, a long Secret, multi-line values, a missing resource, an
// extra one, an error, and the PR's own changes beside older ones.
import { classifyResult } from '../../src/drift/lifecycle/classify.ts'
import {
  compareResource,
  errorResult,
  extraResource,
  provenInSyncResult,
  summarize
} from '../../src/drift/index.ts'
import { markOrigins } from '../../src/github/pr-origin.ts'
import type {
  DesiredObject,
  DriftReport,
  KubeObject,
  ManagedFieldsEntry,
  ResourceResult,
  TargetReport
} from '../../src/types.ts'

export const BASE_SHA = '3f9c2d1e8b7a6f5e4d3c2b1a09f8e7d6c5b4a392'
export const HEAD_SHA = '9b1e7c3a5d2f4e6a8c0b1d3f5a7c9e1b3d5f7a90'
const SALT = 'preview-salt'
const NS = 'shop'
const DEPLOYED = '2026-11-28T09:14:03Z'

const entry = (
  manager: string,
  operation: 'Apply' | 'Update',
  time: string,
  fieldsV1: Record<string, unknown>,
  subresource?: string
): ManagedFieldsEntry => ({
  manager,
  operation,
  apiVersion: 'v1',
  time,
  fieldsType: 'FieldsV1',
  fieldsV1,
  ...(subresource ? { subresource } : {})
})

function checkout(image: string, features: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'checkout', namespace: NS, labels: { app: 'checkout' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'checkout' } },
      template: {
        metadata: { labels: { app: 'checkout' } },
        spec: {
          containers: [
            {
              name: 'checkout',
              image,
              env: [
                { name: 'FEATURES', value: features },
                { name: 'LOG_LEVEL', value: 'info' }
              ],
              resources: { limits: { memory: '512Mi' }, requests: { cpu: '250m' } }
            }
          ]
        }
      }
    }
  }
}

function liveCheckout(): KubeObject {
  const object = checkout('registry.example.com/shop/checkout:1.8.2', 'checkout,wishlist')
  const spec = object.spec as {
    replicas: number
    template: { spec: { containers: { env: unknown[]; resources: unknown }[] } }
  }
  spec.replicas = 5
  const container = spec.template.spec.containers[0]!
  container.env[1] = { name: 'LOG_LEVEL', value: 'debug' }
  container.env.push({ name: 'DEBUG_PAYMENTS', value: 'true' })
  object.metadata.managedFields = [
    entry('kubectl', 'Apply', DEPLOYED, {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      // replicas: kubectl scale took the field over (an Update through the scale subresource).
      'f:spec': {
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"checkout"}': {
                '.': {},
                'f:name': {},
                'f:image': {},
                'f:env': {
                  'k:{"name":"FEATURES"}': { '.': {}, 'f:name': {}, 'f:value': {} },
                  'k:{"name":"LOG_LEVEL"}': { '.': {}, 'f:name': {} }
                },
                'f:resources': { 'f:limits': { 'f:memory': {} }, 'f:requests': { 'f:cpu': {} } }
              }
            }
          }
        }
      }
    }),
    entry('kubectl-edit', 'Update', '2026-12-01T22:41:17Z', {
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"checkout"}': {
                'f:env': {
                  'k:{"name":"LOG_LEVEL"}': { 'f:value': {} },
                  'k:{"name":"DEBUG_PAYMENTS"}': { '.': {}, 'f:name': {}, 'f:value': {} }
                }
              }
            }
          }
        }
      }
    }),
    {
      ...entry(
        'kubectl',
        'Update',
        '2026-12-02T07:58:40Z',
        { 'f:spec': { 'f:replicas': {} } },
        'scale'
      ),
      apiVersion: 'autoscaling/v1'
    }
  ]
  return object
}

const NGINX_BASE = [
  'worker_processes auto;',
  'events {',
  '  worker_connections 1024;',
  '}',
  'http {',
  '  keepalive_timeout 65;',
  '  server {',
  '    listen 8080;',
  '    location /healthz { return 200; }',
  '  }',
  '}',
  ''
].join('\n')

function nginx(conf: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'checkout-nginx', namespace: NS },
    data: { 'nginx.conf': conf }
  }
}

function liveNginx(): KubeObject {
  const object = nginx(NGINX_BASE.replace('1024', '4096').replace('65;', '120;'))
  object.metadata.managedFields = [
    entry('kubectl', 'Apply', DEPLOYED, { 'f:data': {} }),
    entry('kubectl-edit', 'Update', '2026-11-30T16:02:51Z', { 'f:data': { 'f:nginx.conf': {} } })
  ]
  return object
}

/** A certificate's worth of base64: long, and never to be shown. */
function certificate(seed: string): string {
  const body = Buffer.from(seed.repeat(400)).toString('base64')
  return Buffer.from(
    `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`
  ).toString('base64')
}

function paymentSecret(seed: string, key: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'payment-gateway-credentials', namespace: NS },
    type: 'Opaque',
    data: {
      'tls.crt': certificate(seed),
      'api-key': Buffer.from(key).toString('base64')
    }
  }
}

function livePaymentSecret(): KubeObject {
  const object = paymentSecret('rotated-by-hand', 'pk_live_51HandRotated')
  object.metadata.managedFields = [
    entry('kubectl', 'Apply', DEPLOYED, { 'f:data': { 'f:tls.crt': {}, 'f:api-key': {} } }),
    entry('kubectl-edit', 'Update', '2026-11-29T03:12:09Z', {
      'f:data': { 'f:tls.crt': {}, 'f:api-key': {} }
    })
  ]
  return object
}

function recommendations(annotation: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'checkout-recommendations-worker-eu-west-1',
      namespace: NS,
      annotations: { 'shop.example.com/rollout-policy': annotation }
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'recommendations' } },
      template: {
        metadata: { labels: { app: 'recommendations' } },
        spec: { containers: [{ name: 'worker', image: 'registry.example.com/shop/reco:4.2.0' }] }
      }
    }
  }
}

function liveRecommendations(): KubeObject {
  const object = recommendations(
    'canary=10%,step=5m,analysis=latency-p99-under-250ms-and-error-rate-under-0.5-percent,abort-on=5xx-spike'
  )
  object.metadata.managedFields = [
    entry('kubectl', 'Apply', DEPLOYED, {
      'f:metadata': { 'f:annotations': { 'f:shop.example.com/rollout-policy': {} } },
      'f:spec': { 'f:replicas': {}, 'f:selector': {}, 'f:template': {} }
    }),
    entry('rollout-operator', 'Update', '2026-12-02T01:00:00Z', {
      'f:metadata': { 'f:annotations': { 'f:shop.example.com/rollout-policy': {} } }
    })
  ]
  return object
}

const metricsService: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'checkout-metrics', namespace: NS },
  spec: { selector: { app: 'checkout' }, ports: [{ name: 'metrics', port: 9090 }] }
}

const debugFlags: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'checkout-debug-flags',
    namespace: NS,
    managedFields: [
      entry('kubectl-create', 'Update', '2026-12-01T22:39:02Z', { 'f:data': { 'f:trace': {} } })
    ]
  },
  data: { trace: 'payments,inventory' }
}

const inSyncKinds: [string, string, string][] = [
  ['v1', 'ServiceAccount', 'checkout'],
  ['v1', 'Service', 'checkout'],
  ['policy/v1', 'PodDisruptionBudget', 'checkout'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler', 'recommendations'],
  ['networking.k8s.io/v1', 'Ingress', 'shop'],
  ['v1', 'ConfigMap', 'checkout-settings'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'checkout-reader']
]

const at = (file: string, line: number) => ({ file, line })

function compared(desired: KubeObject, live: KubeObject | null, file: string, line: number) {
  const source: DesiredObject = { object: desired, source: at(file, line) }
  return compareResource({
    desired: source,
    live,
    dryRun: null,
    fieldManager: 'kube-drift',
    ignore: [],
    salt: SALT
  })
}

function reportAt(commit: 'base' | 'head'): DriftReport {
  const head = commit === 'head'
  const resources: ResourceResult[] = [
    compared(
      checkout(
        head
          ? 'registry.example.com/shop/checkout:1.9.0'
          : 'registry.example.com/shop/checkout:1.8.2',
        head ? 'checkout,wishlist,reviews' : 'checkout,wishlist'
      ),
      liveCheckout(),
      'deploy/shop/checkout.yaml',
      1
    ),
    compared(nginx(NGINX_BASE), liveNginx(), 'deploy/shop/checkout-nginx.yaml', 1),
    compared(
      paymentSecret('issued-by-the-ca', 'pk_live_51FromGit'),
      livePaymentSecret(),
      'deploy/shop/payment-gateway.yaml',
      1
    ),
    compared(
      recommendations('canary=10%,step=5m'),
      liveRecommendations(),
      'deploy/shop/recommendations.yaml',
      1
    ),
    ...(head ? [compared(metricsService, null, 'deploy/shop/checkout.yaml', 48)] : []),
    extraResource(debugFlags, SALT),
    errorResult(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        namespace: NS,
        name: 'checkout-reader'
      },
      'roles.rbac.authorization.k8s.io "checkout-reader" is forbidden: User "system:serviceaccount:ci:kube-drift" cannot patch resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "shop"',
      at('deploy/shop/rbac.yaml', 1)
    ),
    ...inSyncKinds.map(([apiVersion, kind, name], index) =>
      provenInSyncResult({
        object: { apiVersion, kind, metadata: { name, namespace: NS } },
        source: at('deploy/shop/platform.yaml', 1 + index * 20)
      })
    )
  ]
  const target: TargetReport = {
    name: 'shop',
    renderer: 'plain',
    path: 'deploy/shop',
    comparison: 'server',
    notes: [],
    // Severity and cause on every verdict, as runCheck sets them (engine/classify.ts).
    resources: resources.map(result => classifyResult(result, { fieldManager: 'kube-drift' }))
  }
  return {
    apiVersion: 'kube-drift/v1',
    kind: 'DriftReport',
    generatedAt: '2026-12-02T12:35:18.106Z',
    cluster: { server: 'https://prod-eu.example.com:6443', context: 'prod-eu', version: 'v1.35.1' },
    summary: summarize([target]),
    targets: [target]
  }
}

/** The PR's report: the head compared, then marked against the base. */
export function realisticReport(): DriftReport {
  return markOrigins(reportAt('head'), reportAt('base'), BASE_SHA)
}
