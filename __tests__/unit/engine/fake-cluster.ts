// A cluster stand-in for engine unit tests: the narrow interface the engine
// uses (engine/cluster-port.ts), answering from a map of live objects, with
// per-call overrides that throw the failures the rules are about.
import type { ApiResource } from '../../../src/cluster/discovery.ts'
import { KubeApiError, UnknownKindError } from '../../../src/cluster/errors.ts'
import type { ApplyOptions, DetectCluster } from '../../../src/engine/cluster-port.ts'
import type { ListOptions } from '../../../src/cluster/client.ts'
import type { KubeObject } from '../../../src/types.ts'

export const CONFIGMAPS: ApiResource = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  resource: 'configmaps',
  namespaced: true,
  verbs: ['get', 'list', 'patch']
}
export const ROLES: ApiResource = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'Role',
  resource: 'roles',
  namespaced: true,
  verbs: ['get', 'list', 'patch']
}

type Answer<T> = T | Error

export class FakeCluster implements DetectCluster {
  requestCount = 0
  /** every request, `VERB resource namespace/name`, in the order sent. */
  readonly calls: string[] = []
  readonly live = new Map<string, KubeObject>()
  /** overrides: a thrown Error, or an answer; undefined falls through to the map. */
  onApply: (object: KubeObject) => Answer<KubeObject> | undefined = () => undefined
  onList: (r: ApiResource, options: ListOptions) => Answer<KubeObject[]> | undefined = () =>
    undefined
  readonly discovery = {
    load: async (): Promise<void> => {},
    resolve: (apiVersion: string, kind: string): ApiResource => {
      const found = [CONFIGMAPS, ROLES].find(r => r.kind === kind)
      if (!found) throw new UnknownKindError(apiVersion, kind)
      return found
    }
  }

  add(object: KubeObject): void {
    this.live.set(idOf(object.kind, object.metadata.namespace, object.metadata.name ?? ''), object)
  }

  async get(r: ApiResource, namespace: string | undefined, name: string) {
    this.request(`GET ${r.resource} ${namespace ?? ''}/${name}`)
    return structuredClone(this.live.get(idOf(r.kind, namespace, name)) ?? null)
  }

  async list(r: ApiResource, options: ListOptions = {}) {
    const selector = options.labelSelector ? ` ${options.labelSelector}` : ''
    this.request(`LIST ${r.resource} ${options.namespace ?? '*'}${selector}`)
    const answer = this.onList(r, options)
    if (answer instanceof Error) throw answer
    if (answer) return answer
    return [...this.live.values()].filter(
      o => o.kind === r.kind && (!options.namespace || o.metadata.namespace === options.namespace)
    )
  }

  async apply(r: ApiResource, object: KubeObject, options: ApplyOptions) {
    const { namespace, name = '' } = object.metadata
    this.request(`${options.dryRun ? 'DRYRUN' : 'APPLY'} ${r.resource} ${namespace ?? ''}/${name}`)
    const answer = this.onApply(object)
    if (answer instanceof Error) throw answer
    if (answer) return answer
    // The server's answer: Git's fields over the live object's metadata.
    const live = this.live.get(idOf(r.kind, namespace, name))
    return { ...structuredClone(object), metadata: { ...live?.metadata, ...object.metadata } }
  }

  private request(call: string): void {
    this.requestCount++
    this.calls.push(call)
  }
}

function idOf(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`
}

/** A ConfigMap in namespace `web`. */
export function configMap(name: string, data: Record<string, string>, extra = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'web', ...extra },
    data
  }
}

/** An API error as the server sends it for a PATCH. */
export function apiError(status: number, reason: string, message: string): KubeApiError {
  return new KubeApiError(
    status,
    reason,
    message,
    { verb: 'patch', group: '', resource: 'configmaps', namespace: 'web' },
    'PATCH /api/v1/namespaces/web/configmaps/x'
  )
}
