// GitHub's REST API description (@octokit/openapi, api.github.com), turned into
// routes and JSON Schema validators so the stand-in can refuse any request the
// real API would not understand. OpenAPI 3.0 is not quite JSON Schema: its
// `nullable` becomes `anyOf [..., null]`, and `$ref`s point into one schema
// document ajv resolves lazily.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

/** ajv-formats is CommonJS: its default export is the module object under NodeNext. */
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

const SPEC_ID = 'https://stand-in.invalid/api.github.com.json'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

export interface Parameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required: boolean
  schema: JsonObject
}

export interface Operation {
  operationId: string
  method: string
  /** the path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  template: string
  parameters: Parameter[]
  body?: { required: boolean; schema: JsonObject }
  /** response schemas by status code. */
  responses: Map<string, JsonObject>
}

interface Route {
  pattern: RegExp
  names: string[]
  operation: Operation
  /** literal characters in the template: the more specific route wins. */
  weight: number
}

export interface OpenApi {
  /** the operation for a method and a concrete path, with the path parameters. */
  match(
    method: string,
    path: string
  ): { operation: Operation; params: Record<string, string> } | undefined
  validator(schema: JsonObject): ValidateFunction
  /** a schema of components/schemas by name, e.g. `pull-request`. */
  schemaNamed(name: string): JsonObject
  /** `schema` itself, or what its `$ref` points to (followed to the end). */
  deref(schema: JsonObject): JsonObject
}

let loaded: OpenApi | undefined

/** Loads the description once per process (13 MB of JSON). */
export function githubOpenApi(): OpenApi {
  loaded ??= load()
  return loaded
}

function load(): OpenApi {
  const require = createRequire(import.meta.url)
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json')
  const spec = JSON.parse(readFileSync(file, 'utf8')) as {
    paths: Record<string, Record<string, JsonObject>>
    components: JsonObject
  }
  const components = toJsonSchema(spec.components) as JsonObject
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false })
  addFormats(ajv)
  ajv.addSchema({ $id: SPEC_ID, components } as unknown as object)

  const routes: Route[] = []
  for (const [template, item] of Object.entries(spec.paths)) {
    const shared = (item.parameters as Json[] | undefined) ?? []
    for (const [method, raw] of Object.entries(item)) {
      if (method === 'parameters') continue
      const operation = readOperation(method.toUpperCase(), template, raw, shared, components)
      const names: string[] = []
      const source = template
        .split(/(\{[^}]+\})/)
        .map(part => {
          const name = /^\{([^}]+)\}$/.exec(part)?.[1]
          if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
          names.push(name)
          return '([^/]+)'
        })
        .join('')
      routes.push({
        pattern: new RegExp(`^${source}$`),
        names,
        operation,
        weight: template.replace(/\{[^}]+\}/g, '').length
      })
    }
  }
  routes.sort((a, b) => b.weight - a.weight)
  const validators = new WeakMap<JsonObject, ValidateFunction>()

  return {
    match(method, path) {
      for (const route of routes) {
        if (route.operation.method !== method) continue
        const found = route.pattern.exec(path)
        if (!found) continue
        const params: Record<string, string> = {}
        route.names.forEach((name, index) => {
          params[name] = decodeURIComponent(found[index + 1] ?? '')
        })
        return { operation: route.operation, params }
      }
      return undefined
    },
    schemaNamed(name) {
      const found = (components.schemas as JsonObject | undefined)?.[name]
      if (!found || typeof found !== 'object' || Array.isArray(found)) {
        throw new Error(`no schema ${name} in GitHub's description`)
      }
      return found
    },
    deref(schema) {
      let current = schema
      while (typeof current.$ref === 'string') {
        const [, section, name] = /#\/components\/([^/]+)\/(.+)$/.exec(current.$ref) ?? []
        const found = (components[section ?? ''] as JsonObject | undefined)?.[name ?? '']
        if (!found || typeof found !== 'object' || Array.isArray(found)) {
          throw new Error(`unresolvable $ref ${current.$ref}`)
        }
        current = found
      }
      return current
    },
    validator(schema) {
      let validate = validators.get(schema)
      if (!validate) {
        validate = ajv.compile(schema as unknown as object)
        validators.set(schema, validate)
      }
      return validate
    }
  }
}

function readOperation(
  method: string,
  template: string,
  raw: JsonObject,
  shared: Json[],
  components: JsonObject
): Operation {
  const parameters = [...shared, ...((raw.parameters as Json[] | undefined) ?? [])].map(
    parameter => {
      const resolved = resolve(parameter as JsonObject, components)
      return {
        name: String(resolved.name),
        in: resolved.in as Parameter['in'],
        required: resolved.required === true,
        schema: toJsonSchema(resolved.schema ?? {}) as JsonObject
      }
    }
  )
  const requestBody = raw.requestBody as JsonObject | undefined
  const content = requestBody?.content as Record<string, JsonObject> | undefined
  const jsonBody = content?.['application/json']?.schema as JsonObject | undefined
  const responses = new Map<string, JsonObject>()
  for (const [status, response] of Object.entries((raw.responses as JsonObject) ?? {})) {
    const resolved = resolve(response as JsonObject, components)
    const schema = (resolved.content as Record<string, JsonObject> | undefined)?.[
      'application/json'
    ]?.schema as JsonObject | undefined
    if (schema) responses.set(status, toJsonSchema(schema) as JsonObject)
  }
  return {
    operationId: String(raw.operationId),
    method,
    template,
    parameters,
    body: jsonBody
      ? { required: requestBody?.required === true, schema: toJsonSchema(jsonBody) as JsonObject }
      : undefined,
    responses
  }
}

/** Follows a `$ref` to components/parameters or components/responses. */
function resolve(value: JsonObject, components: JsonObject): JsonObject {
  const ref = value.$ref
  if (typeof ref !== 'string') return value
  const [, section, name] = /#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? []
  const found = (components[section ?? ''] as JsonObject | undefined)?.[name ?? '']
  if (!found) throw new Error(`unresolvable $ref ${ref}`)
  return resolve(found as JsonObject, components)
}

/**
 * OpenAPI 3.0 schema → JSON Schema: `nullable`, and `$ref`s into the one added
 * document. `keysAreNames` is true inside `properties` (and the like), whose
 * keys are field names (a label has a field called `description`), not keywords.
 */
function toJsonSchema(value: Json, keysAreNames = false): Json {
  if (Array.isArray(value)) return value.map(item => toJsonSchema(item))
  if (value === null || typeof value !== 'object') return value
  const result: JsonObject = {}
  for (const [key, child] of Object.entries(value)) {
    if (keysAreNames) {
      result[key] = toJsonSchema(child)
    } else if (key === '$ref' && typeof child === 'string' && child.startsWith('#/')) {
      result[key] = `${SPEC_ID}${child}`
    } else if (DOCUMENTATION.has(key)) {
      // Documentation only; dropping it keeps the compiled validators small.
      continue
    } else {
      result[key] = toJsonSchema(child, NAME_MAPS.has(key))
    }
  }
  if (!keysAreNames && result.nullable === true) {
    delete result.nullable
    return { anyOf: [result, { type: 'null' }] }
  }
  return result
}

const DOCUMENTATION = new Set(['example', 'examples', 'description', 'summary'])
/** Keywords whose value maps names to schemas (or to sections of them). */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  'definitions',
  'schemas',
  'parameters',
  'responses',
  'headers',
  'content',
  'mapping'
])
