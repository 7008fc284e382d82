// The only place kube-drift reads or writes cluster objects. Everything else
// receives plain objects from here.
import type { KubeObject } from '../types.ts'
import { Discovery, resourcePath } from './discovery.ts'
import type { ApiResource } from './discovery.ts'
import { ClusterUnreachableError, RequestFailedError } from './errors.ts'
import { KubeHttp } from './http.ts'
import type { HttpOptions } from './http.ts'
import type { LoadedKubeconfig } from './kubeconfig.ts'
import { listShape, objectShape, versionShape } from './shapes.ts'
import { formatApiVersion, formatResource } from '../util/resource-identity.ts'

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'test'
  path: string
  value?: unknown
}

export interface ListOptions {
  namespace?: string
  labelSelector?: string
}

export class ClusterClient {
  readonly http: KubeHttp
  readonly discovery: Discovery
  readonly context: string

  constructor(loaded: LoadedKubeconfig, options: HttpOptions = {}) {
    this.http = new KubeHttp(loaded.kc, options)
    this.discovery = new Discovery(this.http)
    this.context = loaded.context
  }

  get server(): string {
    return this.http.server
  }

  get requestCount(): number {
    return this.http.requestCount
  }

  /**
   * The server's version; the first request of a run, so a server that cannot be
   * reached at all stops the run here instead of failing every resource.
   */
  async version(): Promise<string> {
    try {
      const info = await this.http.request<{ gitVersion: string }>({
        method: 'GET',
        path: '/version',
        shape: versionShape
      })
      if (!info) throw new RequestFailedError('GET /version', this.server, 'not found')
      return info.gitVersion
    } catch (error) {
      if (error instanceof RequestFailedError && error.connectionLost) {
        throw new ClusterUnreachableError(this.server, error.detail)
      }
      throw error
    }
  }

  async get(
    r: ApiResource,
    namespace: string | undefined,
    name: string
  ): Promise<KubeObject | null> {
    return this.http.request<KubeObject>({
      method: 'GET',
      path: resourcePath(r, namespace, name),
      target: target(r, 'get', namespace, name),
      shape: objectShape
    })
  }

  /** Every object of a resource (in one namespace, or all), following pagination. */
  async list(r: ApiResource, options: ListOptions = {}): Promise<KubeObject[]> {
    const items: KubeObject[] = []
    let token: string | undefined
    do {
      const page = await this.http.request<{
        items: KubeObject[]
        metadata?: { continue?: string }
      }>({
        method: 'GET',
        path: resourcePath(r, options.namespace),
        query: { limit: '500', continue: token, labelSelector: options.labelSelector },
        target: target(r, 'list', options.namespace),
        shape: listShape
      })
      // A collection is never "not found" (an empty one has `items: []`): a 404 is no answer.
      if (!page) {
        throw new RequestFailedError(
          `GET ${resourcePath(r, options.namespace)}`,
          this.server,
          'the collection was not found'
        )
      }
      // LIST items omit apiVersion and kind; put them back so objects look like GETs.
      for (const item of page.items) {
        items.push({ ...item, apiVersion: formatApiVersion(r), kind: r.kind })
      }
      token = page.metadata?.continue || undefined
    } while (token)
    return items
  }

  /** Server-side apply; with dryRun the server computes the result and persists nothing. */
  async apply(
    r: ApiResource,
    object: KubeObject,
    options: { fieldManager: string; force: boolean; dryRun: boolean }
  ): Promise<KubeObject> {
    const { namespace, name } = object.metadata
    const result = await this.http.request<KubeObject>({
      method: 'PATCH',
      path: resourcePath(r, namespace, name),
      query: {
        fieldManager: options.fieldManager,
        force: options.force ? 'true' : undefined,
        dryRun: options.dryRun ? 'All' : undefined
      },
      body: object,
      contentType: 'application/apply-patch+yaml',
      target: target(r, 'patch', namespace, name),
      shape: objectShape
    })
    if (!result) throw new Error(`${describeObject(r, namespace, name)} vanished during apply`)
    return result
  }

  /** A JSON Patch (RFC 6902): surgical removals and replacements that an apply cannot express. */
  async jsonPatch(
    r: ApiResource,
    namespace: string | undefined,
    name: string,
    operations: JsonPatchOperation[],
    options: { fieldManager: string; dryRun: boolean }
  ): Promise<KubeObject> {
    const result = await this.http.request<KubeObject>({
      method: 'PATCH',
      path: resourcePath(r, namespace, name),
      query: { fieldManager: options.fieldManager, dryRun: options.dryRun ? 'All' : undefined },
      body: operations,
      contentType: 'application/json-patch+json',
      target: target(r, 'patch', namespace, name),
      idempotent: false,
      shape: objectShape
    })
    if (!result) throw new Error(`${describeObject(r, namespace, name)} vanished during patch`)
    return result
  }

  async delete(
    r: ApiResource,
    namespace: string | undefined,
    name: string,
    dryRun = false
  ): Promise<void> {
    await this.http.request({
      method: 'DELETE',
      path: resourcePath(r, namespace, name),
      query: { dryRun: dryRun ? 'All' : undefined, propagationPolicy: 'Background' },
      target: target(r, 'delete', namespace, name)
    })
  }
}

function target(r: ApiResource, verb: string, namespace?: string, name?: string) {
  return {
    verb,
    group: r.group,
    resource: r.resource,
    namespace: r.namespaced ? namespace : undefined,
    name
  }
}

/** `Deployment.apps web/api`, for a message about one object. */
function describeObject(r: ApiResource, namespace: string | undefined, name = ''): string {
  const apiVersion = formatApiVersion(r)
  return formatResource({
    apiVersion,
    kind: r.kind,
    ...(r.namespaced && namespace ? { namespace } : {}),
    name
  })
}
