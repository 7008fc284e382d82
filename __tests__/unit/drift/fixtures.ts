// Objects shaped like what kube-apiserver 1.35 returns after the ways people deploy
// (kubectl apply --server-side, client-side kubectl apply) and change things
// (kubectl scale / edit / set image / label, an HPA). Each call returns a fresh copy.

import type { DesiredObject, KubeObject, ManagedFieldsEntry } from '../../../src/types.ts'
import { isPlainObject } from '../../../src/drift/json.ts'
import { parsePointer, toPointer } from '../../../src/drift/pointer.ts'

export const T_APPLY = '2026-11-19T10:00:00Z'
export const T_CONTROLLER = '2026-11-19T10:00:05Z'
export const T_EDIT = '2026-11-20T03:12:00Z'
export const T_LATER = '2026-11-20T08:30:00Z'

export const SOURCE = { file: 'deploy/api.yaml', line: 1 }

export function desiredOf(object: KubeObject, file = SOURCE.file): DesiredObject {
  return { object, source: { file, line: 1 } }
}

export function entry(
  manager: string,
  operation: 'Apply' | 'Update',
  fieldsV1: Record<string, unknown>,
  time: string,
  subresource?: string
): ManagedFieldsEntry {
  return {
    manager,
    operation,
    apiVersion: 'apps/v1',
    time,
    fieldsType: 'FieldsV1',
    fieldsV1,
    ...(subresource === undefined ? {} : { subresource })
  }
}

// ---------------------------------------------------------------- Deployment

/** deploy/api.yaml as written in Git. */
export function deploymentDesired(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'web', labels: { app: 'api' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/api:1.4.2',
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [
                { name: 'A', value: '1' },
                { name: 'LOG_LEVEL', value: 'info' }
              ],
              resources: {
                requests: { cpu: 0.5, memory: '256Mi' },
                limits: { cpu: 1, memory: '1Gi' }
              }
            }
          ]
        }
      }
    }
  }
}

const envItem = (name: string) => ({
  [`k:{"name":"${name}"}`]: { '.': {}, 'f:name': {}, 'f:value': {} }
})

/** What `kubectl apply --server-side` (manager kubectl, op Apply) owns for deploy/api.yaml. */
export function appliedDeploymentFields(envNames = ['A', 'LOG_LEVEL']): Record<string, unknown> {
  return {
    'f:metadata': { 'f:labels': { 'f:app': {} } },
    'f:spec': {
      'f:replicas': {},
      'f:selector': {},
      'f:template': {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:containers': {
            'k:{"name":"app"}': {
              '.': {},
              'f:env': Object.assign({}, ...envNames.map(envItem)),
              'f:image': {},
              'f:name': {},
              'f:ports': {
                'k:{"containerPort":8080,"protocol":"TCP"}': {
                  '.': {},
                  'f:containerPort': {},
                  'f:name': {}
                }
              },
              'f:resources': {
                'f:limits': { 'f:cpu': {}, 'f:memory': {} },
                'f:requests': { 'f:cpu': {}, 'f:memory': {} }
              }
            }
          }
        }
      }
    }
  }
}

/** The two entries kube-controller-manager always leaves on a Deployment. */
function controllerEntries(): ManagedFieldsEntry[] {
  const condition = {
    '.': {},
    'f:lastTransitionTime': {},
    'f:lastUpdateTime': {},
    'f:message': {},
    'f:reason': {},
    'f:status': {},
    'f:type': {}
  }
  return [
    entry(
      'kube-controller-manager',
      'Update',
      { 'f:metadata': { 'f:annotations': { '.': {}, 'f:deployment.kubernetes.io/revision': {} } } },
      T_CONTROLLER
    ),
    entry(
      'kube-controller-manager',
      'Update',
      {
        'f:status': {
          'f:availableReplicas': {},
          'f:conditions': {
            '.': {},
            'k:{"type":"Available"}': condition,
            'k:{"type":"Progressing"}': condition
          },
          'f:observedGeneration': {},
          'f:readyReplicas': {},
          'f:replicas': {},
          'f:updatedReplicas': {}
        }
      },
      T_CONTROLLER,
      'status'
    )
  ]
}

/** The live Deployment after `kubectl apply --server-side` and a healthy rollout. */
export function deploymentLive(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'api',
      namespace: 'web',
      uid: '5f0c7c1e-8d5b-4a43-9d0e-2f1f3b1f8a11',
      resourceVersion: '48213',
      generation: 1,
      creationTimestamp: T_APPLY,
      labels: { app: 'api' },
      annotations: { 'deployment.kubernetes.io/revision': '1' },
      managedFields: [
        entry('kubectl', 'Apply', appliedDeploymentFields(), T_APPLY),
        ...controllerEntries()
      ]
    },
    spec: {
      progressDeadlineSeconds: 600,
      replicas: 3,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'api' } },
      strategy: {
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
        type: 'RollingUpdate'
      },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          containers: [
            {
              env: [
                { name: 'A', value: '1' },
                { name: 'LOG_LEVEL', value: 'info' }
              ],
              image: 'registry.example.com/api:1.4.2',
              imagePullPolicy: 'IfNotPresent',
              name: 'app',
              ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
              resources: {
                limits: { cpu: '1', memory: '1Gi' },
                requests: { cpu: '500m', memory: '256Mi' }
              },
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File'
            }
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30
        }
      }
    },
    status: {
      availableReplicas: 3,
      conditions: [
        {
          lastTransitionTime: T_CONTROLLER,
          lastUpdateTime: T_CONTROLLER,
          message: 'Deployment has minimum availability.',
          reason: 'MinimumReplicasAvailable',
          status: 'True',
          type: 'Available'
        },
        {
          lastTransitionTime: T_APPLY,
          lastUpdateTime: T_CONTROLLER,
          message: 'ReplicaSet "api-7d9c8b6f5d" has successfully progressed.',
          reason: 'NewReplicaSetAvailable',
          status: 'True',
          type: 'Progressing'
        }
      ],
      observedGeneration: 1,
      readyReplicas: 3,
      replicas: 3,
      updatedReplicas: 3
    }
  }
}

/** What client-side `kubectl apply` (kubectl-client-side-apply, Update) owns: all it sent plus defaults. */
function clientSideApplyFields(envNames: string[]): Record<string, unknown> {
  return {
    'f:metadata': {
      'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} },
      'f:labels': { '.': {}, 'f:app': {} }
    },
    'f:spec': {
      'f:progressDeadlineSeconds': {},
      'f:replicas': {},
      'f:revisionHistoryLimit': {},
      'f:selector': {},
      'f:strategy': {
        'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} },
        'f:type': {}
      },
      'f:template': {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          'f:containers': {
            'k:{"name":"app"}': {
              '.': {},
              'f:env': Object.assign({ '.': {} }, ...envNames.map(envItem)),
              'f:image': {},
              'f:imagePullPolicy': {},
              'f:name': {},
              'f:ports': {
                '.': {},
                'k:{"containerPort":8080,"protocol":"TCP"}': {
                  '.': {},
                  'f:containerPort': {},
                  'f:name': {},
                  'f:protocol': {}
                }
              },
              'f:resources': {
                '.': {},
                'f:limits': { '.': {}, 'f:cpu': {}, 'f:memory': {} },
                'f:requests': { '.': {}, 'f:cpu': {}, 'f:memory': {} }
              },
              'f:terminationMessagePath': {},
              'f:terminationMessagePolicy': {}
            }
          },
          'f:dnsPolicy': {},
          'f:restartPolicy': {},
          'f:schedulerName': {},
          'f:securityContext': {},
          'f:terminationGracePeriodSeconds': {}
        }
      }
    }
  }
}

/** The live Deployment after client-side `kubectl apply -f` of `applied`. */
export function deploymentLiveClientSide(applied: KubeObject = deploymentDesired()): KubeObject {
  const live = deploymentLive()
  const envNames = (
    valueAt(applied, '/spec/template/spec/containers/0/env') as { name: string }[]
  ).map(env => env.name)
  const annotations = live.metadata.annotations as Record<string, string>
  annotations['kubectl.kubernetes.io/last-applied-configuration'] =
    JSON.stringify(applied, null, 0) + '\n'
  live.metadata.managedFields = [
    entry('kubectl-client-side-apply', 'Update', clientSideApplyFields(envNames), T_APPLY),
    ...controllerEntries()
  ]
  return live
}

// ---------------------------------------------------------------- Service

export function serviceDesired(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api', namespace: 'web', labels: { app: 'api' } },
    spec: {
      selector: { app: 'api' },
      ports: [{ name: 'http', port: 80, targetPort: '8080' }]
    }
  }
}

export function serviceLive(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'api',
      namespace: 'web',
      uid: '0b8f4a52-6a7e-4a3c-8a53-0d1c4f7e9b20',
      resourceVersion: '48190',
      creationTimestamp: T_APPLY,
      labels: { app: 'api' },
      managedFields: [
        {
          manager: 'kubectl',
          operation: 'Apply',
          apiVersion: 'v1',
          time: T_APPLY,
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:ports': {
                'k:{"port":80,"protocol":"TCP"}': {
                  '.': {},
                  'f:name': {},
                  'f:port': {},
                  'f:targetPort': {}
                }
              },
              'f:selector': {}
            }
          }
        }
      ]
    },
    spec: {
      clusterIP: '10.96.142.17',
      clusterIPs: ['10.96.142.17'],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
      selector: { app: 'api' },
      sessionAffinity: 'None',
      type: 'ClusterIP'
    },
    status: { loadBalancer: {} }
  }
}

// ---------------------------------------------------------------- ConfigMap, Secret

export function configMapDesired(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'api-config', namespace: 'web' },
    data: { LOG_FORMAT: 'json', 'app.properties': 'threads=8\ntimeout=30s\n' }
  }
}

export function configMapLive(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'api-config',
      namespace: 'web',
      uid: '7c2f0f0e-1a44-4f2b-bb0b-3ad2c9f4d1e3',
      resourceVersion: '48177',
      creationTimestamp: T_APPLY,
      managedFields: [
        {
          manager: 'kubectl',
          operation: 'Apply',
          apiVersion: 'v1',
          time: T_APPLY,
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:data': { 'f:LOG_FORMAT': {}, 'f:app.properties': {} } }
        }
      ]
    },
    data: { LOG_FORMAT: 'json', 'app.properties': 'threads=8\ntimeout=30s\n' }
  }
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

/** A Secret written in Git with stringData (no type), deployed with client-side apply. */
export function secretDesired(password: string, extra: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'api-credentials', namespace: 'web' },
    stringData: { username: 'api', password, ...extra }
  }
}

export function secretLive(password: string, applied?: KubeObject): KubeObject {
  const lastApplied = applied ?? secretDesired(password)
  const stringData = lastApplied.stringData as Record<string, string>
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'api-credentials',
      namespace: 'web',
      uid: 'e4b1a6f0-5c3d-4a9e-8f7b-6d2c1b0a9e88',
      resourceVersion: '48180',
      creationTimestamp: T_APPLY,
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(lastApplied) + '\n'
      },
      managedFields: [
        {
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          apiVersion: 'v1',
          time: T_APPLY,
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:data': Object.fromEntries(Object.keys(stringData).map(key => [`f:${key}`, {}])),
            'f:metadata': {
              'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} }
            },
            'f:type': {}
          }
        }
      ]
    },
    data: Object.fromEntries(Object.entries(stringData).map(([key, value]) => [key, b64(value)])),
    type: 'Opaque'
  }
}

// ---------------------------------------------------------------- helpers

export function valueAt(object: unknown, pointer: string): unknown {
  let node = object
  for (const segment of parsePointer(pointer)) {
    node = Array.isArray(node)
      ? node[Number(segment)]
      : isPlainObject(node)
        ? node[segment]
        : undefined
  }
  return node
}

export function setAt(object: unknown, pointer: string, value: unknown): void {
  const segments = parsePointer(pointer)
  const last = segments.pop() as string
  const parent = valueAt(object, toPointer(segments))
  if (Array.isArray(parent)) {
    if (last === '-') parent.push(value)
    else parent[Number(last)] = value
  } else if (isPlainObject(parent)) {
    parent[last] = value
  } else {
    throw new Error(`no parent for ${pointer}`)
  }
}

export function deleteAt(object: unknown, pointer: string): void {
  const segments = parsePointer(pointer)
  const last = segments.pop() as string
  const parent = valueAt(object, toPointer(segments))
  if (Array.isArray(parent)) parent.splice(Number(last), 1)
  else if (isPlainObject(parent)) delete parent[last]
}

/** Removes a field from a manager's fieldsV1, as the server does when an Update takes it over. */
export function dropOwnership(live: KubeObject, manager: string, fieldsPath: string[]): void {
  for (const managed of live.metadata.managedFields ?? []) {
    if (managed.manager !== manager) continue
    let node: unknown = managed.fieldsV1
    for (const key of fieldsPath.slice(0, -1)) node = isPlainObject(node) ? node[key] : undefined
    if (isPlainObject(node)) delete node[fieldsPath.at(-1) as string]
  }
}

export function addEntry(live: KubeObject, managed: ManagedFieldsEntry): void {
  live.metadata.managedFields = [...(live.metadata.managedFields ?? []), managed]
}
