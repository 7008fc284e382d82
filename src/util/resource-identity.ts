// The one identity of a resource, and every way kube-drift writes or reads it.
//
// A resource is named by its API group, kind, namespace and name. The version is
// not part of the identity (apps/v1 and apps/v1beta2 name the same Deployment),
// but it is kept beside it for requests. The REST resource (`deployments`) is
// what discovery maps a kind to; it names a collection, used for grouping reads
// and in RBAC hints.
//
// Three spellings, one each:
// - `resourceId`: a map key, equal for two identities exactly when they name the
//   same resource;
// - `formatResource`: for people, `Deployment.apps web/api` as kubectl spells
//   `deployment.apps`, `ConfigMap web/settings` for the core group, `Namespace web`
//   for cluster-scoped objects;
// - `groupResource`: a REST collection, `deployments.apps`, `configmaps` (kubectl's
//   spelling of a resource in RBAC messages and `kubectl get`).
import type { KubeObject, ResourceKey } from '../types.ts'

/** An apiVersion split: `apps/v1` → {group: 'apps', version: 'v1'}; `v1` → {group: '', version: 'v1'}. */
export interface GroupVersion {
  group: string
  version: string
}

export function parseApiVersion(apiVersion: string): GroupVersion {
  const slash = apiVersion.indexOf('/')
  return slash === -1
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) }
}

/** The API group of an apiVersion: `apps` for `apps/v1`, '' for the core `v1`. */
export function groupOf(apiVersion: string): string {
  return parseApiVersion(apiVersion).group
}

/** `apps/v1`, or `v1` for the core group. */
export function formatApiVersion({ group, version }: GroupVersion): string {
  return group ? `${group}/${version}` : version
}

/**
 * The identity of an object as the report names it. `fallbackNamespace` stands in
 * when the object has no namespace field (an object placed in the target's
 * namespace); an empty namespace is no namespace, and takes no fallback.
 */
export function keyOf(object: KubeObject, fallbackNamespace?: string): ResourceKey {
  const namespace = object.metadata.namespace ?? fallbackNamespace
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(namespace ? { namespace } : {}),
    name: object.metadata.name ?? ''
  }
}

/** The identity parts that make two keys the same resource, in a string: a map key. */
export function resourceId(
  key: Pick<ResourceKey, 'apiVersion' | 'kind' | 'namespace' | 'name'>
): string {
  return JSON.stringify([groupOf(key.apiVersion), key.kind, key.namespace ?? '', key.name])
}

/** `Deployment.apps web/api`, `ConfigMap web/settings`, `ClusterRole.rbac.authorization.k8s.io admin`. */
export function formatResource(key: ResourceKey): string {
  const group = groupOf(key.apiVersion)
  const kind = group ? `${key.kind}.${group}` : key.kind
  const name = key.namespace ? `${key.namespace}/${key.name}` : key.name
  return `${kind} ${name}`
}

/** A REST collection as kubectl names it: `deployments.apps`, `configmaps`. */
export function groupResource(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource
}

/** A REST collection in one namespace (or cluster-wide): the unit one LIST reads. */
export function collectionId(group: string, resource: string, namespace?: string): string {
  return JSON.stringify([group, resource, namespace ?? ''])
}
