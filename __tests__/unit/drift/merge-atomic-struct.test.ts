// A struct inside an atomic list (an Ingress path's backend port, a NetworkPolicy
// port) as the read-only comparison predicts it: the server replaces the list item
// whole and fills in only its defaults, so a live-only field it cannot have filled
// in is someone's edit, while one its Go defaulting code fills in is not.
import { compareResource } from '../../../src/drift/compare.ts'
import { mergeDesiredOntoLive } from '../../../src/drift/merge.ts'
import {
  type KindSchema,
  type OpenApiDocument,
  findKindSchema,
  mayBeServerFilled
} from '../../../src/drift/schema.ts'
import type { KubeObject } from '../../../src/types.ts'
import { desiredOf, valueAt } from './fixtures.ts'

const ref = (name: string) => ({ allOf: [{ $ref: `#/components/schemas/${name}` }] })
const NET = 'io.k8s.api.networking.v1'

/** Fragments of kube-apiserver 1.35's /openapi/v3/apis/networking.k8s.io/v1. */
function networkingDocument(): OpenApiDocument {
  const kind = (name: string, spec: string) => ({
    type: 'object',
    properties: { apiVersion: { type: 'string' }, spec: ref(spec) },
    'x-kubernetes-group-version-kind': [{ group: 'networking.k8s.io', kind: name, version: 'v1' }]
  })
  const atomicList = (item: string) => ({
    type: 'array',
    items: ref(item),
    'x-kubernetes-list-type': 'atomic'
  })
  return {
    components: {
      schemas: {
        [`${NET}.Ingress`]: kind('Ingress', `${NET}.IngressSpec`),
        [`${NET}.IngressSpec`]: {
          type: 'object',
          properties: { rules: atomicList(`${NET}.IngressRule`) }
        },
        [`${NET}.IngressRule`]: {
          type: 'object',
          properties: { http: ref(`${NET}.HTTPIngressRuleValue`) }
        },
        [`${NET}.HTTPIngressRuleValue`]: {
          type: 'object',
          properties: { paths: atomicList(`${NET}.HTTPIngressPath`) }
        },
        [`${NET}.HTTPIngressPath`]: {
          type: 'object',
          properties: {
            path: { type: 'string' },
            pathType: { type: 'string' },
            backend: ref(`${NET}.IngressBackend`)
          }
        },
        [`${NET}.IngressBackend`]: {
          type: 'object',
          properties: { service: ref(`${NET}.IngressServiceBackend`) }
        },
        [`${NET}.IngressServiceBackend`]: {
          type: 'object',
          properties: { name: { type: 'string' }, port: ref(`${NET}.ServiceBackendPort`) }
        },
        [`${NET}.ServiceBackendPort`]: {
          type: 'object',
          properties: { name: { type: 'string' }, number: { type: 'integer', format: 'int32' } },
          'x-kubernetes-map-type': 'atomic'
        },
        [`${NET}.NetworkPolicy`]: kind('NetworkPolicy', `${NET}.NetworkPolicySpec`),
        [`${NET}.NetworkPolicySpec`]: {
          type: 'object',
          properties: { ingress: atomicList(`${NET}.NetworkPolicyIngressRule`) }
        },
        [`${NET}.NetworkPolicyIngressRule`]: {
          type: 'object',
          properties: { ports: atomicList(`${NET}.NetworkPolicyPort`) }
        },
        // protocol's default (TCP) is set in Go code: the OpenAPI declares none.
        [`${NET}.NetworkPolicyPort`]: {
          type: 'object',
          properties: {
            port: { type: 'integer' },
            protocol: { type: 'string' },
            endPort: { type: 'integer' }
          }
        }
      }
    }
  }
}

function schemaOf(kind: string): KindSchema {
  const schema = findKindSchema(networkingDocument(), 'networking.k8s.io/v1', kind)
  if (!schema) throw new Error(`no ${kind} schema`)
  return schema
}

/** The owner of an atomic list holds it as a leaf (`f:paths: {}`), nothing inside. */
function applied(object: KubeObject, fieldsV1: Record<string, unknown>): KubeObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      managedFields: [
        {
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          apiVersion: 'networking.k8s.io/v1',
          time: '2026-12-01T10:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1
        }
      ]
    }
  }
}

function ingress(port: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'shop', namespace: 'default' },
    spec: {
      rules: [
        {
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port } } }]
          }
        }
      ]
    }
  }
}

function networkPolicy(port: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'shop', namespace: 'default' },
    spec: { ingress: [{ ports: [port] }] }
  }
}

const PORT = '/spec/rules/0/http/paths/0/backend/service/port'

function compareLocally(desired: KubeObject, live: KubeObject, schema?: KindSchema) {
  return compareResource({
    desired: desiredOf(desired),
    live,
    dryRun: null,
    fieldManager: 'kube-drift',
    ignore: [],
    salt: 's',
    ...(schema ? { schema } : {})
  })
}

describe('a struct inside an atomic list, compared locally with the schema', () => {
  // `kubectl patch --type merge` replaced the port {name: http} with {number: 80}.
  const patchedLive = applied(ingress({ number: 80 }), { 'f:spec': { 'f:rules': {} } })

  it('drops a live-only field the server cannot have filled in: a backend port name swapped for a number', () => {
    const merged = mergeDesiredOntoLive(patchedLive, ingress({ name: 'http' }), schemaOf('Ingress'))
    expect(valueAt(merged, PORT)).toEqual({ name: 'http' })
    const paths = compareLocally(
      ingress({ name: 'http' }),
      patchedLive,
      schemaOf('Ingress')
    ).changes.map(change => change.path)
    expect(paths).toEqual([`${PORT}/name`, `${PORT}/number`])
  })

  it('keeps a live-only field the Go defaulting code fills in: NetworkPolicy port protocol TCP', () => {
    const live = applied(networkPolicy({ port: 80, protocol: 'TCP' }), {
      'f:spec': { 'f:ingress': {} }
    })
    const desired = networkPolicy({ port: 80 })
    const schema = schemaOf('NetworkPolicy')
    expect(valueAt(mergeDesiredOntoLive(live, desired, schema), '/spec/ingress/0/ports/0')).toEqual(
      {
        port: 80,
        protocol: 'TCP'
      }
    )
    expect(compareLocally(desired, live, schema).changes).toEqual([])
  })

  it('keeps live-only fields without the schema, which cannot tell an edit from a default', () => {
    expect(valueAt(mergeDesiredOntoLive(patchedLive, ingress({ name: 'http' })), PORT)).toEqual({
      name: 'http',
      number: 80
    })
  })
})

describe('mayBeServerFilled (the generated facts behind it)', () => {
  const node = (definition: string, fields: string[]) => ({
    definition,
    node: {
      type: 'object',
      properties: Object.fromEntries(fields.map(f => [f, { type: 'string' }]))
    }
  })
  const schema = schemaOf('Ingress')

  it('names what the server writes without a declared default', () => {
    // Go defaulting code, whatever the value (it depends on the port for some kinds).
    expect(
      mayBeServerFilled(schema, node(`${NET}.NetworkPolicyPort`, ['protocol']), 'protocol')
    ).toBe(true)
    // The StatefulSet registry code writes apiVersion and kind into volumeClaimTemplates.
    const claim = node('io.k8s.api.core.v1.PersistentVolumeClaim', ['apiVersion', 'kind', 'spec'])
    expect(mayBeServerFilled(schema, claim, 'apiVersion')).toBe(true)
    expect(mayBeServerFilled(schema, claim, 'kind')).toBe(true)
  })

  it('is false only for a listed field of a covered built-in type', () => {
    const port = node(`${NET}.ServiceBackendPort`, ['name', 'number'])
    expect(mayBeServerFilled(schema, port, 'number')).toBe(false)
    expect(mayBeServerFilled(schema, port, 'unlisted')).toBe(true)
    expect(mayBeServerFilled(schema, node('io.example.v1.Port', ['number']), 'number')).toBe(true)
  })
})
