// Small OpenAPI v3 fragments shaped like what kube-apiserver 1.35 serves at
// /openapi/v3/apis/apps/v1 (references through allOf, defaults beside them,
// atomic structs without the defaults the server sets in code), a CRD's
// document, and a Deployment as a client-side apply leaves it.
import type { OpenApiDocument } from '../../../src/drift/schema.ts'
import type { KubeObject } from '../../../src/types.ts'

const ref = (name: string, extra: Record<string, unknown> = {}) => ({
  allOf: [{ $ref: `#/components/schemas/${name}` }],
  ...extra
})
const V1 = 'io.k8s.api.core.v1'

export function appsDocument(): OpenApiDocument {
  return {
    components: {
      schemas: {
        'io.k8s.api.apps.v1.Deployment': {
          type: 'object',
          properties: {
            apiVersion: { type: 'string' },
            kind: { type: 'string' },
            metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', { default: {} }),
            spec: ref('io.k8s.api.apps.v1.DeploymentSpec', { default: {} })
          },
          'x-kubernetes-group-version-kind': [{ group: 'apps', kind: 'Deployment', version: 'v1' }]
        },
        'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
          type: 'object',
          properties: { name: { type: 'string' } }
        },
        'io.k8s.api.apps.v1.DeploymentSpec': {
          type: 'object',
          required: ['selector', 'template'],
          properties: {
            minReadySeconds: { type: 'integer', format: 'int32' },
            replicas: { type: 'integer', format: 'int32' },
            template: ref(`${V1}.PodTemplateSpec`, { default: {} })
          }
        },
        [`${V1}.PodTemplateSpec`]: {
          type: 'object',
          properties: { spec: ref(`${V1}.PodSpec`, { default: {} }) }
        },
        [`${V1}.PodSpec`]: {
          type: 'object',
          properties: {
            automountServiceAccountToken: { type: 'boolean' },
            hostNetwork: { type: 'boolean' },
            containers: {
              type: 'array',
              items: ref(`${V1}.Container`, { default: {} }),
              'x-kubernetes-list-map-keys': ['name'],
              'x-kubernetes-list-type': 'map'
            },
            nodeSelector: {
              type: 'object',
              additionalProperties: { type: 'string', default: '' },
              'x-kubernetes-map-type': 'atomic'
            }
          }
        },
        [`${V1}.Container`]: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', default: '' },
            env: { type: 'array', items: ref(`${V1}.EnvVar`, { default: {} }) }
          }
        },
        [`${V1}.EnvVar`]: {
          type: 'object',
          properties: {
            name: { type: 'string', default: '' },
            valueFrom: ref(`${V1}.EnvVarSource`)
          }
        },
        [`${V1}.EnvVarSource`]: {
          type: 'object',
          properties: {
            fieldRef: ref(`${V1}.ObjectFieldSelector`),
            resourceFieldRef: ref(`${V1}.ResourceFieldSelector`)
          }
        },
        // As served: no default for apiVersion (the server sets "v1" in Go code).
        [`${V1}.ObjectFieldSelector`]: {
          type: 'object',
          required: ['fieldPath'],
          properties: {
            apiVersion: { type: 'string' },
            fieldPath: { type: 'string', default: '' }
          },
          'x-kubernetes-map-type': 'atomic'
        },
        [`${V1}.ResourceFieldSelector`]: {
          type: 'object',
          required: ['resource'],
          properties: {
            containerName: { type: 'string' },
            divisor: ref('io.k8s.apimachinery.pkg.api.resource.Quantity'),
            resource: { type: 'string', default: '' }
          },
          'x-kubernetes-map-type': 'atomic'
        },
        'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' }
      }
    }
  }
}

/** A CRD's document: nested objects inline, a default inside an atomic struct. */
export function gadgetDocument(): OpenApiDocument {
  return {
    components: {
      schemas: {
        'test.schema.v1.Gadget': {
          type: 'object',
          properties: {
            spec: {
              type: 'object',
              properties: {
                target: {
                  type: 'object',
                  'x-kubernetes-map-type': 'atomic',
                  properties: {
                    name: { type: 'string' },
                    kind: { type: 'string', default: 'Deployment' }
                  }
                },
                replicas: { type: 'integer' },
                enabled: { type: 'boolean' }
              }
            }
          },
          'x-kubernetes-group-version-kind': [
            { group: 'schema.test', kind: 'Gadget', version: 'v1' }
          ]
        }
      }
    }
  }
}

/** Git: a Deployment with a fieldRef (no apiVersion), a resourceFieldRef, explicit zeros and false. */
export function deploymentWithZeros(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      minReadySeconds: 0,
      template: {
        spec: {
          hostNetwork: false,
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'app',
              env: [
                { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } }
              ]
            }
          ]
        }
      }
    }
  }
}

/** What kube-apiserver stores for it after `kubectl apply` (client-side): zeros gone, atomic structs completed. */
export function deploymentWithZerosLive(): KubeObject {
  const env = (name: string) => ({
    [`k:{"name":"${name}"}`]: {
      '.': {},
      'f:name': {},
      'f:valueFrom': { '.': {}, [name === 'POD' ? 'f:fieldRef' : 'f:resourceFieldRef']: {} }
    }
  })
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      managedFields: [
        {
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          apiVersion: 'apps/v1',
          time: '2026-11-19T10:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:spec': {
              'f:template': {
                'f:spec': {
                  'f:automountServiceAccountToken': {},
                  'f:containers': {
                    'k:{"name":"app"}': {
                      '.': {},
                      'f:name': {},
                      'f:env': { '.': {}, ...env('POD'), ...env('CPU') }
                    }
                  }
                }
              }
            }
          }
        }
      ]
    },
    spec: {
      template: {
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'app',
              env: [
                {
                  name: 'POD',
                  valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } }
                },
                {
                  name: 'CPU',
                  valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '0' } }
                }
              ]
            }
          ]
        }
      }
    }
  }
}
