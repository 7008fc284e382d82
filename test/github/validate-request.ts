// Checks one request against its operation in GitHub's OpenAPI description:
// path and query parameters (typed as the description says), and the JSON
// body against the request schema. Stricter than GitHub on one point on
// purpose: a body or query field the operation does not describe is an error
// (GitHub ignores it silently, which is how a misspelt field goes unnoticed).
import type { IncomingMessage } from 'node:http'
import type { OpenApi, Operation, Parameter } from './openapi-spec.ts'

export interface CheckedRequest {
  problems: string[]
  params: Record<string, unknown>
  query: Record<string, unknown>
  body: Record<string, unknown>
}

export function validateRequest(
  openApi: OpenApi,
  operation: Operation,
  pathParams: Record<string, string>,
  search: URLSearchParams,
  request: IncomingMessage,
  text: string
): CheckedRequest {
  const problems: string[] = []
  const params: Record<string, unknown> = {}
  const query: Record<string, unknown> = {}

  for (const parameter of operation.parameters.filter(p => p.in === 'path')) {
    const raw = pathParams[parameter.name]
    if (raw === undefined) problems.push(`path parameter ${parameter.name} is missing`)
    else params[parameter.name] = checkValue(openApi, parameter, raw, problems)
  }

  const described = new Map(
    operation.parameters.filter(p => p.in === 'query').map(p => [p.name, p])
  )
  for (const name of new Set(search.keys())) {
    const parameter = described.get(name)
    if (!parameter) {
      problems.push(`query parameter "${name}" is not described for this operation`)
      continue
    }
    const values = search.getAll(name)
    if (values.length > 1)
      problems.push(`query parameter "${name}" is given ${values.length} times`)
    query[name] = checkValue(openApi, parameter, values[0] ?? '', problems)
  }
  for (const parameter of described.values()) {
    if (parameter.required && !search.has(parameter.name)) {
      problems.push(`query parameter "${parameter.name}" is required`)
    }
  }

  const body = checkBody(openApi, operation, request, text, problems)
  return { problems, params, query, body }
}

/** Converts the text of a parameter to the type its schema says, then validates it. */
function checkValue(
  openApi: OpenApi,
  parameter: Parameter,
  raw: string,
  problems: string[]
): unknown {
  const type = parameter.schema.type
  let value: unknown = raw
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw)
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) value = raw === 'true'
  const validate = openApi.validator(parameter.schema)
  if (!validate(value)) {
    problems.push(
      `${parameter.in} parameter "${parameter.name}"=${JSON.stringify(raw)}: ${describeErrors(validate.errors)}`
    )
  }
  return value
}

function checkBody(
  openApi: OpenApi,
  operation: Operation,
  request: IncomingMessage,
  text: string,
  problems: string[]
): Record<string, unknown> {
  if (!operation.body) {
    if (text.trim() !== '') problems.push('this operation takes no request body')
    return {}
  }
  if (text.trim() === '') {
    if (operation.body.required) problems.push('the request body is required')
    return {}
  }
  const type = request.headers['content-type'] ?? ''
  if (!/^application\/json\b/.test(type)) {
    problems.push(`the body must be sent as application/json (got "${type}")`)
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    problems.push('the body is not JSON')
    return {}
  }
  const validate = openApi.validator(operation.body.schema)
  if (!validate(body)) problems.push(`body: ${describeErrors(validate.errors)}`)
  const known = operation.body.schema.properties
  if (
    body &&
    typeof body === 'object' &&
    !Array.isArray(body) &&
    known &&
    typeof known === 'object'
  ) {
    for (const field of Object.keys(body)) {
      if (!(field in known)) problems.push(`body field "${field}" is not described`)
    }
  }
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {}
}

function describeErrors(
  errors: { instancePath: string; message?: string }[] | null | undefined
): string {
  return (errors ?? [])
    .map(error => `${error.instancePath || '(value)'} ${error.message}`)
    .join(', ')
}
