// A schema-valid example of a response, built from GitHub's OpenAPI schema
// itself: the fields a test cares about come from `fields`, every other field
// the schema requires gets a plain value of its type (null where allowed).
// Large answers (a pull request embeds two repositories of ~80 required
// fields) stay shaped as GitHub describes them without writing each field by
// hand; the stand-in still validates every answer it sends.
import type { Json, JsonObject, OpenApi } from './openapi-spec.ts'

const TIME = '2026-11-20T03:00:00Z'

/** An example of the components schema `name`, with `fields` (deeply) taking precedence. */
export function exampleOf(openApi: OpenApi, name: string, fields: JsonObject = {}): JsonObject {
  return build(openApi, openApi.schemaNamed(name), fields, 0) as JsonObject
}

function build(openApi: OpenApi, raw: JsonObject, given: Json | undefined, depth: number): Json {
  const schema = openApi.deref(raw)
  if (depth > 12) throw new Error('schema example: nested too deep (a cycle of required fields?)')
  const branches = (schema.anyOf ?? schema.oneOf) as JsonObject[] | undefined
  if (branches) return fromBranches(openApi, branches, given, depth)
  if (Array.isArray(schema.allOf)) {
    const parts = (schema.allOf as JsonObject[]).map(part => build(openApi, part, given, depth + 1))
    return Object.assign({}, ...parts.filter(part => part && typeof part === 'object')) as Json
  }
  if (given !== undefined && !isObject(given)) return given
  if (Array.isArray(schema.enum)) return (schema.enum as Json[])[0] ?? null
  switch (schema.type) {
    case 'object':
      return objectOf(openApi, schema, isObject(given) ? given : {}, depth)
    case 'array':
      return []
    case 'string':
      return stringOf(schema)
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 0
    case 'boolean':
      return false
    default:
      return given ?? (schema.properties ? objectOf(openApi, schema, {}, depth) : null)
  }
}

/** The first branch an example fits: null for a nullable field nobody set. */
function fromBranches(
  openApi: OpenApi,
  branches: JsonObject[],
  given: Json | undefined,
  depth: number
): Json {
  if (given === undefined && branches.some(branch => branch.type === 'null')) return null
  if (given === null) return null
  for (const branch of branches) {
    if (openApi.deref(branch).type === 'null') continue
    const value = build(openApi, branch, given, depth + 1)
    if (openApi.validator(branch)(value)) return value
  }
  return build(openApi, branches[0] ?? {}, given, depth + 1)
}

function objectOf(openApi: OpenApi, schema: JsonObject, given: JsonObject, depth: number): Json {
  const properties = (schema.properties ?? {}) as Record<string, JsonObject>
  const required = new Set((schema.required ?? []) as string[])
  const result: JsonObject = {}
  for (const [key, property] of Object.entries(properties)) {
    if (key in given) result[key] = build(openApi, property, given[key], depth + 1)
    else if (required.has(key)) result[key] = build(openApi, property, undefined, depth + 1)
  }
  // Fields the schema does not list (additionalProperties): as given.
  for (const [key, value] of Object.entries(given)) if (!(key in result)) result[key] = value
  return result
}

function stringOf(schema: JsonObject): string {
  switch (schema.format) {
    case 'date-time':
      return TIME
    case 'uri':
      return 'https://github.com/'
    case 'email':
      return 'noreply@github.com'
    default:
      return ''
  }
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
