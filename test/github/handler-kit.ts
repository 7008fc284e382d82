// What every handler of the stand-in shares: the request it gets, the answer
// it gives, and GitHub's pagination (per_page, page, the Link header).
import type { StandInUser } from './entities.ts'
import { errorJson } from './entities.ts'
import type { OpenApi } from './openapi-spec.ts'
import type { RepositoryStore } from './store.ts'

export interface HandlerRequest {
  params: Record<string, unknown>
  query: Record<string, unknown>
  body: Record<string, unknown>
  store: RepositoryStore
  /** API base URL, for the `url` fields and the Link header. */
  api: string
  /** `owner/repo`. */
  repo: string
  /** who the token acts as; undefined for a GitHub App installation token that GET /user refuses. */
  actor: StandInUser
  actorIsApp: boolean
  /** the request path and query, for pagination links. */
  path: string
  /** GitHub's description, for answers built from its schemas. */
  openApi: OpenApi
}

export interface HandlerResponse {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export type Handler = (request: HandlerRequest) => HandlerResponse

export const notFound = (): HandlerResponse => ({ status: 404, body: errorJson(404, 'Not Found') })

/** One page of `items`, with GitHub's Link header (absolute URLs) when there are more. */
function page<T>(request: HandlerRequest, items: T[]): { items: T[]; link?: string } {
  const perPage = Math.min(Number(request.query.per_page ?? 30), 100)
  const current = Math.max(Number(request.query.page ?? 1), 1)
  const last = Math.max(Math.ceil(items.length / perPage), 1)
  const slice = items.slice((current - 1) * perPage, current * perPage)
  if (last <= 1) return { items: slice }
  const url = (n: number): string => {
    const target = new URL(request.path, request.api)
    target.searchParams.set('per_page', String(perPage))
    target.searchParams.set('page', String(n))
    return target.toString()
  }
  const links: string[] = []
  if (current > 1) links.push(`<${url(current - 1)}>; rel="prev"`, `<${url(1)}>; rel="first"`)
  if (current < last) links.push(`<${url(current + 1)}>; rel="next"`, `<${url(last)}>; rel="last"`)
  return { items: slice, link: links.join(', ') }
}

export function paged<T>(
  request: HandlerRequest,
  items: T[],
  render: (item: T) => unknown
): HandlerResponse {
  const { items: slice, link } = page(request, items)
  return { status: 200, body: slice.map(render), headers: link ? { link } : {} }
}
