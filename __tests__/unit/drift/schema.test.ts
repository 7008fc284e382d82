import { compareResource } from '../../../src/drift/compare.ts'
import { mergeDesiredOntoLive } from '../../../src/drift/merge.ts'
import {
  type KindSchema,
  childSchema,
  defaultsOf,
  findKindSchema,
  isDroppedValue
} from '../../../src/drift/schema.ts'
import { asServerStores } from '../../../src/drift/schema-normalize.ts'
import { SCHEMA_BUILTIN_FACTS_VERSION } from '../../../src/drift/schema-builtin-facts.ts'
import type { KubeObject } from '../../../src/types.ts'
import { pinnedVersions } from '../../../test/cluster/versions.ts'
import { desiredOf, setAt, valueAt } from './fixtures.ts'
import {
  appsDocument,
  deploymentWithZeros,
  deploymentWithZerosLive,
  gadgetDocument
} from './schema-fixtures.ts'

function deploymentSchema(): KindSchema {
  const schema = findKindSchema(appsDocument(), 'apps/v1', 'Deployment')
  if (!schema) throw new Error('no Deployment schema')
  return schema
}

function gadgetSchema(): KindSchema {
  const schema = findKindSchema(gadgetDocument(), 'schema.test/v1', 'Gadget')
  if (!schema) throw new Error('no Gadget schema')
  return schema
}

function at(schema: KindSchema, path: string) {
  let node = schema.root
  for (const segment of path.split('/').filter(Boolean)) {
    const next = childSchema(schema, node, segment)
    if (!next) throw new Error(`no schema at ${segment} of ${path}`)
    node = next
  }
  return node
}

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

const POD = '/spec/template/spec'
const ENV = `${POD}/containers/0/env`

describe('findKindSchema and childSchema', () => {
  it('finds a kind by its group-version-kind and follows allOf references, items and map values', () => {
    const schema = deploymentSchema()
    expect(schema.root.definition).toBe('io.k8s.api.apps.v1.Deployment')
    expect(at(schema, `${ENV}/0/valueFrom/fieldRef`).definition).toBe(
      'io.k8s.api.core.v1.ObjectFieldSelector'
    )
    expect(at(schema, `${POD}/nodeSelector/disktype`).node.type).toBe('string')
    expect(findKindSchema(appsDocument(), 'apps/v1', 'StatefulSet')).toBeUndefined()
    expect(findKindSchema(appsDocument(), 'apps/v2', 'Deployment')).toBeUndefined()
  })

  it('gives no child where the schema has none (a list item by name, an unknown field)', () => {
    const schema = deploymentSchema()
    expect(childSchema(schema, at(schema, `${POD}/containers`), 'app')).toBeUndefined()
    expect(childSchema(schema, at(schema, POD), 'nope')).toBeUndefined()
  })
})

describe('defaultsOf', () => {
  it('takes a CRD default inside an atomic struct from the schema', () => {
    const schema = gadgetSchema()
    expect([...defaultsOf(schema, at(schema, '/spec/target'))]).toEqual([['kind', 'Deployment']])
  })

  it('adds what the OpenAPI does not publish for built-ins: fieldRef apiVersion v1, divisor "0"', () => {
    const schema = deploymentSchema()
    const fieldRef = defaultsOf(schema, at(schema, `${ENV}/0/valueFrom/fieldRef`))
    expect(fieldRef.get('apiVersion')).toBe('v1')
    expect(fieldRef.get('fieldPath')).toBe('')
    expect(
      defaultsOf(schema, at(schema, `${ENV}/0/valueFrom/resourceFieldRef`)).get('divisor')
    ).toBe('0')
  })
})

describe('isDroppedValue', () => {
  const schema = deploymentSchema()
  const pod = at(schema, POD)

  it('is true only for the zero of a plain built-in field with omitempty', () => {
    expect(isDroppedValue(pod, 'hostNetwork', false)).toBe(true)
    expect(isDroppedValue(pod, 'hostNetwork', true)).toBe(false)
    expect(isDroppedValue(at(schema, '/spec'), 'minReadySeconds', 0)).toBe(true)
    expect(isDroppedValue(at(schema, '/spec'), 'minReadySeconds', 5)).toBe(false)
  })

  it('is false for a pointer field: the server keeps an explicit false', () => {
    // Same OpenAPI shape as hostNetwork ({type: boolean}); only the Go type tells them apart.
    expect(isDroppedValue(pod, 'automountServiceAccountToken', false)).toBe(false)
  })

  it('is false for custom resources: the server keeps their zeros', () => {
    const gadget = gadgetSchema()
    expect(isDroppedValue(at(gadget, '/spec'), 'replicas', 0)).toBe(false)
    expect(isDroppedValue(at(gadget, '/spec'), 'enabled', false)).toBe(false)
  })
})

describe('asServerStores', () => {
  const schema = deploymentSchema()
  const fieldRef = at(schema, `${ENV}/0/valueFrom/fieldRef`)

  it('completes an atomic struct with what the server fills in', () => {
    expect(asServerStores({ fieldPath: 'metadata.name' }, schema, fieldRef)).toEqual({
      fieldPath: 'metadata.name',
      apiVersion: 'v1'
    })
  })

  it('keeps a value Git gives, and drops a zero the server drops before defaulting', () => {
    expect(asServerStores({ apiVersion: 'v2', fieldPath: 'x' }, schema, fieldRef)).toEqual({
      apiVersion: 'v2',
      fieldPath: 'x'
    })
    expect(asServerStores({ apiVersion: '', fieldPath: 'x' }, schema, fieldRef)).toEqual({
      apiVersion: 'v1',
      fieldPath: 'x'
    })
  })
})

describe('the local comparison with the schema', () => {
  it('finds a client-side-applied Deployment with zeros and fieldRefs InSync (Drifted without the schema)', () => {
    const without = compareLocally(deploymentWithZeros(), deploymentWithZerosLive())
    expect(without.status).toBe('Drifted')
    const withSchema = compareLocally(
      deploymentWithZeros(),
      deploymentWithZerosLive(),
      deploymentSchema()
    )
    expect(withSchema.changes).toEqual([])
    expect(withSchema.status).toBe('InSync')
  })

  it('counts a default only when live holds it: apiVersion edited by hand is drift', () => {
    const live = deploymentWithZerosLive()
    setAt(live, `${ENV}/0/valueFrom/fieldRef/apiVersion`, 'v2')
    const result = compareLocally(deploymentWithZeros(), live, deploymentSchema())
    expect(result.status).toBe('Drifted')
    expect(result.changes.map(c => c.path)).toEqual([`${ENV}/0/valueFrom/fieldRef/apiVersion`])
  })

  it('counts a dropped zero only when live holds nothing: hostNetwork true live is drift', () => {
    const live = deploymentWithZerosLive()
    setAt(live, `${POD}/hostNetwork`, true)
    setAt(live, '/spec/minReadySeconds', 5)
    const result = compareLocally(deploymentWithZeros(), live, deploymentSchema())
    expect(result.changes.map(c => [c.path, c.live])).toEqual([
      ['/spec/minReadySeconds', 5],
      [`${POD}/hostNetwork`, true]
    ])
  })

  it('finds a pointer field Git sets to false and live lacks: the server would keep false', () => {
    const live = deploymentWithZerosLive()
    delete (valueAt(live, POD) as Record<string, unknown>).automountServiceAccountToken
    const result = compareLocally(deploymentWithZeros(), live, deploymentSchema())
    expect(result.changes.map(c => [c.path, c.desired])).toEqual([
      [`${POD}/automountServiceAccountToken`, false]
    ])
  })

  it('completes a CRD atomic struct with its schema default, and keeps its zeros', () => {
    const desired: KubeObject = {
      apiVersion: 'schema.test/v1',
      kind: 'Gadget',
      metadata: { name: 'g', namespace: 'default' },
      spec: { target: { name: 'web' }, replicas: 0, enabled: false }
    }
    const live: KubeObject = {
      ...desired,
      metadata: {
        name: 'g',
        namespace: 'default',
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Apply',
            apiVersion: 'schema.test/v1',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:spec': { 'f:target': {}, 'f:replicas': {}, 'f:enabled': {} } }
          }
        ]
      },
      spec: { target: { name: 'web', kind: 'Deployment' }, replicas: 0, enabled: false }
    }
    expect(compareLocally(desired, live).status).toBe('Drifted')
    expect(compareLocally(desired, live, gadgetSchema()).status).toBe('InSync')
    const edited = structuredClone(live)
    setAt(edited, '/spec/target/kind', 'StatefulSet')
    setAt(edited, '/spec/replicas', 1)
    delete (edited.spec as Record<string, unknown>).enabled
    expect(compareLocally(desired, edited, gadgetSchema()).changes.map(c => c.path)).toEqual([
      '/spec/enabled',
      '/spec/replicas',
      '/spec/target/kind'
    ])
  })

  it('merges without the schema exactly as before', () => {
    const merged = mergeDesiredOntoLive(deploymentWithZerosLive(), deploymentWithZeros())
    expect(valueAt(merged, `${POD}/hostNetwork`)).toBe(false)
    expect(valueAt(merged, `${ENV}/0/valueFrom/fieldRef`)).toEqual({ fieldPath: 'metadata.name' })
  })
})

describe('schema-builtin-facts.ts', () => {
  it('was generated for the pinned Kubernetes version (rerun scripts/gen-schema-builtin-facts.sh after a bump)', () => {
    const pinned = pinnedVersions()
    expect(SCHEMA_BUILTIN_FACTS_VERSION).toBe(pinned.kubernetes[pinned.defaultKubernetesMinor])
  })
})
