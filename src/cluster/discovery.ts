// Maps each apiVersion/kind to its REST resource and scope, once per run.
// Aggregated discovery (Kubernetes >= 1.30) answers in two requests; older
// servers are walked group by group. A discovery request that fails is
// remembered: a kind then not found is "cannot tell", never "CRD not installed".
import type { KubeHttp, KubeRequest } from './http.ts'
import {
  CredentialPluginError,
  DiscoveryIncompleteError,
  KubeApiError,
  UnauthorizedError,
  UnknownKindError
} from './errors.ts'
import { discoveryShape, groupListShape, resourceListShape } from './shapes.ts'
import { formatApiVersion } from '../util/resource-identity.ts'

export interface ApiResource {
  group: string
  version: string
  kind: string
  /** plural REST name, e.g. deployments. */
  resource: string
  namespaced: boolean
  verbs: string[]
}

const AGGREGATED =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json'

interface AggregatedList {
  kind?: string
  items?: {
    metadata?: { name?: string }
    versions?: {
      version: string
      /** Stale: the group's API service did not answer, its resources are unknown. */
      freshness?: string
      resources?: {
        resource: string
        responseKind?: { kind?: string }
        scope?: string
        verbs?: string[]
      }[]
    }[]
  }[]
}

interface LegacyResourceList {
  resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[]
}

export class Discovery {
  /** apiVersion → kind → resource: a kind is served at some versions of its group, not others. */
  private readonly byGvk = new Map<string, Map<string, ApiResource>>()
  private loaded = false
  private readonly http: KubeHttp
  /** discovery requests that got no usable answer, each naming the request. */
  private failures: string[] = []

  constructor(http: KubeHttp) {
    this.http = http
  }

  async load(): Promise<void> {
    if (this.loaded) return
    const core = await this.ask<AggregatedList>({ method: 'GET', path: '/api', accept: AGGREGATED })
    const groups = await this.ask<AggregatedList>({
      method: 'GET',
      path: '/apis',
      accept: AGGREGATED
    })
    const aggregated = (list: AggregatedList | undefined) =>
      list === undefined || list.kind === 'APIGroupDiscoveryList'
    if (aggregated(core) && aggregated(groups)) {
      for (const list of [core, groups]) if (list) this.addAggregated(list)
    } else {
      await this.loadLegacy()
    }
    this.loaded = true
  }

  /** Forgets what it knew and asks again: after CRDs were created, their kinds appear. */
  async reload(): Promise<void> {
    this.byGvk.clear()
    this.failures = []
    this.loaded = false
    await this.load()
  }

  /** The discovery requests that failed, each with its reason; empty when discovery is complete. */
  incomplete(): string[] {
    return [...this.failures]
  }

  /**
   * The resource serving apiVersion/kind; throws UnknownKindError when complete
   * discovery does not know it, DiscoveryIncompleteError when discovery failed.
   */
  resolve(apiVersion: string, kind: string): ApiResource {
    const found = this.byGvk.get(apiVersion)?.get(kind)
    if (found) return found
    if (this.failures.length > 0)
      throw new DiscoveryIncompleteError(apiVersion, kind, this.failures)
    throw new UnknownKindError(apiVersion, kind)
  }

  /** One discovery request; a failure is remembered and gives undefined (credentials stop the run). */
  private async ask<T>(req: KubeRequest): Promise<T | undefined> {
    try {
      const body = await this.http.request<T>({ shape: discoveryShape, ...req })
      if (body === null) this.failures.push(`${req.method} ${req.path}: not found`)
      return body ?? undefined
    } catch (error) {
      if (error instanceof UnauthorizedError || error instanceof CredentialPluginError) throw error
      const message = error instanceof Error ? error.message : String(error)
      this.failures.push(
        error instanceof KubeApiError
          ? `${req.method} ${req.path}: HTTP ${error.status} ${message}`
          : message
      )
      return undefined
    }
  }

  /** Every served apiVersion and apiVersion/Kind, as `helm template --api-versions` takes them. */
  apiVersions(): string[] {
    const versions = new Set<string>()
    for (const [apiVersion, kinds] of this.byGvk) {
      versions.add(apiVersion)
      // helm's spelling of a served kind, `apps/v1/Deployment`: not a resource identity.
      for (const kind of kinds.keys()) versions.add(`${apiVersion}/${kind}`)
    }
    return [...versions].sort()
  }

  private add(resource: ApiResource): void {
    const apiVersion = formatApiVersion(resource)
    let kinds = this.byGvk.get(apiVersion)
    if (!kinds) this.byGvk.set(apiVersion, (kinds = new Map()))
    kinds.set(resource.kind, resource)
  }

  private addAggregated(list: AggregatedList): void {
    for (const item of list.items ?? []) {
      const group = item.metadata?.name ?? ''
      for (const version of item.versions ?? []) {
        if (version.freshness === 'Stale') {
          this.failures.push(
            `${group || 'core'}/${version.version} is stale: its API service did not answer`
          )
        }
        for (const r of version.resources ?? []) {
          const kind = r.responseKind?.kind
          if (!kind) continue
          this.add({
            group,
            version: version.version,
            kind,
            resource: r.resource,
            namespaced: r.scope === 'Namespaced',
            verbs: r.verbs ?? []
          })
        }
      }
    }
  }

  private async loadLegacy(): Promise<void> {
    const versions: { group: string; version: string }[] = [{ group: '', version: 'v1' }]
    const apis = await this.ask<{
      groups: { name: string; versions?: { version: string }[] }[]
    }>({
      method: 'GET',
      path: '/apis',
      shape: groupListShape
    })
    for (const g of apis?.groups ?? []) {
      for (const v of g.versions ?? []) versions.push({ group: g.name, version: v.version })
    }
    await Promise.all(
      versions.map(async ({ group, version }) => {
        const path = group ? `/apis/${group}/${version}` : `/api/${version}`
        const list = await this.ask<LegacyResourceList>({
          method: 'GET',
          path,
          shape: resourceListShape
        })
        for (const r of list?.resources ?? []) {
          if (r.name.includes('/')) continue // subresources
          this.add({
            group,
            version,
            kind: r.kind,
            resource: r.name,
            namespaced: r.namespaced,
            verbs: r.verbs ?? []
          })
        }
      })
    )
  }
}

/** REST path of a collection or an object. */
export function resourcePath(r: ApiResource, namespace?: string, name?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`
  const ns = r.namespaced && namespace ? `/namespaces/${pathSegment('namespace', namespace)}` : ''
  const object = name ? `/${pathSegment('name', name)}` : ''
  return `${base}${ns}/${r.resource}${object}`
}

/**
 * A name as one segment of the path. The URL parser resolves `.` and `..` (also
 * spelled `%2e`) however they are escaped, so a manifest naming an object `..`
 * would read and patch another object (`configmaps/..` is the Namespace, a
 * Secret named `.` the list of all Secrets). The API server refuses such names
 * anyway (IsValidPathSegmentName); they are refused before any request.
 */
function pathSegment(what: string, value: string): string {
  if (value === '.' || value === '..' || /[/%]/.test(value)) {
    throw new InvalidObjectNameError(what, value)
  }
  return encodeURIComponent(value)
}

export class InvalidObjectNameError extends Error {
  constructor(what: string, value: string) {
    super(
      `the ${what} ${JSON.stringify(value)} cannot be used in a request path (it may not be "." or "..", nor contain "/" or "%"), and the API server would refuse it too`
    )
    this.name = 'InvalidObjectNameError'
  }
}
