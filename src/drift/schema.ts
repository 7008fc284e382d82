// What the API server's published schema (OpenAPI v3) says about a kind's fields,
// for the local comparison: the value the server fills in when a field is absent
// (`default`: CRD structural defaults, declared built-in defaults). Built-in types
// also carry facts the OpenAPI does not publish (schema-builtin-facts.ts, generated
// from their Go types): defaults set in Go code, and plain fields whose zero the
// server drops. Pure: the documents are fetched by cluster/openapi.ts.

import { isPlainObject } from './json.ts'
import { parseApiVersion } from '../util/resource-identity.ts'
import { SCHEMA_BUILTIN_FACTS } from './schema-builtin-facts.ts'

/** The parts of an OpenAPI v3 schema object kube-drift reads. */
export interface SchemaNode {
  type?: string
  properties?: Record<string, SchemaNode>
  additionalProperties?: SchemaNode | boolean
  items?: SchemaNode
  allOf?: SchemaNode[]
  $ref?: string
  default?: unknown
  'x-kubernetes-group-version-kind'?: { group?: string; version?: string; kind?: string }[]
  /** format, descriptions and extensions kube-drift does not read. */
  [other: string]: unknown
}

/** One group-version's document: `/openapi/v3/apis/<group>/<version>`. */
export interface OpenApiDocument {
  components?: { schemas?: Record<string, SchemaNode> }
}

/** The schema of one kind, with the definitions its references point into. */
export interface KindSchema {
  root: ResolvedNode
  definitions: Readonly<Record<string, SchemaNode>>
}

/** A schema node with `$ref` and `allOf` wrappers followed. */
export interface ResolvedNode {
  node: SchemaNode
  /** the definition name the node came from (io.k8s.api.core.v1.PodSpec), if any. */
  definition?: string
}

/** The definition that declares apiVersion/kind (x-kubernetes-group-version-kind). */
export function findKindSchema(
  document: OpenApiDocument,
  apiVersion: string,
  kind: string
): KindSchema | undefined {
  const definitions = document.components?.schemas ?? {}
  const { group, version } = parseApiVersion(apiVersion)
  for (const [name, node] of Object.entries(definitions)) {
    const gvks = node['x-kubernetes-group-version-kind'] ?? []
    const matches = gvks.some(
      gvk => (gvk.group ?? '') === group && gvk.version === version && gvk.kind === kind
    )
    if (matches) return { root: resolveIn(definitions, node, name), definitions }
  }
  return undefined
}

/** The schema of a child: an object's property or map value, a list's item. */
export function childSchema(
  schema: KindSchema,
  parent: ResolvedNode,
  segment: string
): ResolvedNode | undefined {
  const { node } = parent
  if (node.items !== undefined) {
    return /^\d+$/.test(segment) ? resolveIn(schema.definitions, node.items) : undefined
  }
  const property = node.properties?.[segment]
  if (property !== undefined) return resolveIn(schema.definitions, property)
  if (isPlainObject(node.additionalProperties)) {
    return resolveIn(schema.definitions, node.additionalProperties)
  }
  return undefined
}

/**
 * The value the server gives each absent field of an object node: the schema's
 * `default`s (declared defaults of built-ins, CRD structural defaults), the zero
 * value a built-in field always holds when it cannot be omitted (a Quantity's
 * `"0"`), and the defaults built-ins set in code, which the server does not
 * publish (see schema-builtin-facts.ts).
 */
export function defaultsOf(schema: KindSchema, resolved: ResolvedNode): Map<string, unknown> {
  const defaults = new Map<string, unknown>()
  for (const [name, property] of Object.entries(resolved.node.properties ?? {})) {
    const value = declaredDefault(schema.definitions, property)
    if (value !== undefined) defaults.set(name, value)
  }
  const facts = builtinFacts(resolved.definition)
  for (const [name, value] of Object.entries(facts?.alwaysSet ?? {})) {
    if (!defaults.has(name)) defaults.set(name, value)
  }
  return defaults
}

/**
 * true when the server stores nothing for this field when given `value`: a
 * built-in field that is a plain (non-pointer) value with omitempty, given its
 * zero value. The OpenAPI document does not say which fields those are (a pointer
 * field looks the same, and it keeps an explicit `false`), so only the facts
 * taken from the built-in Go types answer; custom resources keep every value.
 */
export function isDroppedValue(parent: ResolvedNode, field: string, value: unknown): boolean {
  if (!(builtinFacts(parent.definition)?.droppedWhenZero ?? []).includes(field)) return false
  return value === false || value === 0 || value === ''
}

/**
 * false when the server cannot have filled `field` of this object in by itself, so a
 * live value for it that Git leaves out was written by someone (a merge patch that
 * swapped a backend port's `name` for a `number`), and the server, replacing the
 * atomic node with Git's, removes it. Only a built-in type the generated facts cover
 * answers false, for a field its schema lists with no declared default, no Go-code
 * default (serverSet names every field the defaulting code fills in, whatever the
 * value and even where the value depends on other fields, like
 * NetworkPolicyPort.protocol) and that is not always serialized. Anything else
 * (a custom resource, whose webhooks and controllers may fill fields its schema does
 * not declare; a type or field the facts do not cover) is taken as server-filled, so
 * the local comparison keeps the live value rather than invent drift.
 */
export function mayBeServerFilled(
  schema: KindSchema,
  parent: ResolvedNode,
  field: string
): boolean {
  const facts = builtinFacts(parent.definition)
  const property = parent.node.properties?.[field]
  if (facts === undefined || property === undefined) return true
  if (declaredDefault(schema.definitions, property) !== undefined) return true
  return Object.hasOwn(facts.alwaysSet ?? {}, field) || facts.serverSet.includes(field)
}

/** Facts of built-in definitions only: a custom resource's schema is all the server has. */
function builtinFacts(definition: string | undefined) {
  if (definition === undefined || !definition.startsWith('io.k8s.api.')) return undefined
  return Object.hasOwn(SCHEMA_BUILTIN_FACTS, definition)
    ? SCHEMA_BUILTIN_FACTS[definition]
    : undefined
}

/** The `default` on a property: beside its `allOf`/`$ref` wrapper, or on what it refers to. */
function declaredDefault(
  definitions: Readonly<Record<string, SchemaNode>>,
  property: SchemaNode
): unknown {
  if (property.default !== undefined) return property.default
  return resolveIn(definitions, property).node.default
}

function resolveIn(
  definitions: Readonly<Record<string, SchemaNode>>,
  node: SchemaNode,
  name?: string
): ResolvedNode {
  let current = node
  let definition = name
  // A chain of references is short; the bound only guards against a cycle.
  for (let hops = 0; hops < 16; hops++) {
    const wrapped = current.allOf?.length === 1 ? current.allOf[0] : undefined
    const ref = current.$ref ?? wrapped?.$ref
    if (ref === undefined) break
    const target = ref.replace(/^#\/components\/schemas\//, '')
    const next = definitions[target]
    if (next === undefined) break
    current = next
    definition = target
  }
  return definition === undefined ? { node: current } : { node: current, definition }
}
