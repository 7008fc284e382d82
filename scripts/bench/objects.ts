// The benchmark's objects: per app a Deployment (probes, resources), a Service, a
// ConfigMap, a Secret, a ServiceAccount, a Role, a RoleBinding and an HPA, spread
// over 10 namespaces; and the hand edits (kubectl) that drift a share of them.

export const NAMESPACES = 10
/** The share of objects drifted by hand, as in the measurement (75 of 2,000). */
export const DRIFT_SHARE = 0.0375

export interface BenchObject {
  kind: string
  /** kubectl's resource name for the kind. */
  resource: string
  /** REST path of the object, for the floor client's dry-run. */
  path: string
  namespace: string
  name: string
  object: Record<string, unknown>
}

export const namespaceName = (prefix: string, n: number): string => `${prefix}-${n}`

/** `size` objects (a whole number of apps, the last one cut short) plus their namespaces. */
export function benchObjects(prefix: string, size: number): BenchObject[] {
  const out: BenchObject[] = []
  for (let i = 0; out.length < size; i++) out.push(...app(prefix, i))
  return out.slice(0, size)
}

export function namespaceObjects(prefix: string): Record<string, unknown>[] {
  return Array.from({ length: NAMESPACES }, (_, n) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespaceName(prefix, n) }
  }))
}

function app(prefix: string, i: number): BenchObject[] {
  const namespace = namespaceName(prefix, i % NAMESPACES)
  const name = `app-${String(i).padStart(4, '0')}`
  const metadata = { name, namespace, labels: { app: name, bench: 'true' } }
  const core = `/api/v1/namespaces/${namespace}`
  const rbac = `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}`
  const at = (kind: string, resource: string, base: string, object: Record<string, unknown>) => ({
    kind,
    resource,
    path: `${base}/${resource}/${name}`,
    namespace,
    name,
    object: { ...object, metadata }
  })
  return [
    at('Deployment', 'deployments', `/apis/apps/v1/namespaces/${namespace}`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            serviceAccountName: name,
            containers: [
              {
                name: 'app',
                image: `registry.example.com/${name}:1.0`,
                ports: [{ name: 'http', containerPort: 8080 }],
                env: [
                  { name: 'MODE', value: 'production' },
                  {
                    name: 'LOG_LEVEL',
                    valueFrom: { configMapKeyRef: { name, key: 'LOG_LEVEL' } }
                  }
                ],
                resources: {
                  requests: { cpu: 0.1, memory: '64Mi' },
                  limits: { cpu: '1', memory: '128Mi' }
                },
                readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
                livenessProbe: {
                  httpGet: { path: '/healthz', port: 8080 },
                  initialDelaySeconds: 10
                }
              }
            ]
          }
        }
      }
    }),
    at('Service', 'services', core, {
      apiVersion: 'v1',
      kind: 'Service',
      spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }
    }),
    at('ConfigMap', 'configmaps', core, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { LOG_LEVEL: 'info', RETRIES: '3' }
    }),
    at('Secret', 'secrets', core, {
      apiVersion: 'v1',
      kind: 'Secret',
      stringData: { password: `bench-${i}` }
    }),
    at('ServiceAccount', 'serviceaccounts', core, { apiVersion: 'v1', kind: 'ServiceAccount' }),
    at('Role', 'roles', rbac, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [name], verbs: ['get'] }]
    }),
    at('RoleBinding', 'rolebindings', rbac, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }]
    }),
    at(
      'HorizontalPodAutoscaler',
      'horizontalpodautoscalers',
      `/apis/autoscaling/v2/namespaces/${namespace}`,
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: 1,
          maxReplicas: 10,
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } }
            }
          ]
        }
      }
    )
  ]
}

/** The objects to drift: spread evenly over the list, so every kind and namespace gets some. */
export function driftedObjects(objects: readonly BenchObject[]): BenchObject[] {
  const count = Math.max(1, Math.round(objects.length * DRIFT_SHARE))
  return Array.from(
    { length: count },
    (_, k) => objects[Math.floor((k * objects.length) / count)] as BenchObject
  )
}

/** The kubectl arguments of one hand edit, different per kind, as people make them. */
export function handEdit(o: BenchObject): string[] {
  const target = ['-n', o.namespace]
  switch (o.kind) {
    case 'Deployment':
      return [...target, 'scale', 'deployment', o.name, '--replicas=3']
    case 'Service':
      return [...target, 'label', 'service', o.name, 'hotfix=yes']
    case 'ConfigMap':
      return [
        ...target,
        'patch',
        'configmap',
        o.name,
        '--type=merge',
        '-p',
        '{"data":{"LOG_LEVEL":"debug"}}'
      ]
    case 'Secret':
      return [
        ...target,
        'patch',
        'secret',
        o.name,
        '--type=merge',
        '-p',
        '{"stringData":{"password":"changed"}}'
      ]
    case 'ServiceAccount':
      return [...target, 'annotate', 'serviceaccount', o.name, 'owner=someone']
    case 'Role':
      return [
        ...target,
        'patch',
        'role',
        o.name,
        '--type=json',
        '-p',
        '[{"op":"add","path":"/rules/0/verbs/-","value":"list"}]'
      ]
    case 'RoleBinding':
      return [...target, 'label', 'rolebinding', o.name, 'hotfix=yes']
    default:
      return [
        ...target,
        'patch',
        'hpa',
        o.name,
        '--type=merge',
        '-p',
        '{"spec":{"maxReplicas":20}}'
      ]
  }
}
