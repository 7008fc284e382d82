// The identity of a resource and the one way kube-drift writes it for people:
// `Deployment.apps web/api` (kind.group as kubectl spells `deployment.apps`,
// then namespace/name), `ConfigMap web/settings` for the core group, and
// `Namespace web` for cluster-scoped objects. The version is not part of the
// identity: apps/v1 and apps/v1beta2 name the same Deployment.
import type { KubeObject, ResourceKey } from '../types.ts'
import { groupOf } from '../util/api-version.ts'

export function resourceKeyOf(object: KubeObject): ResourceKey {
  const key: ResourceKey = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name ?? ''
  }
  if (object.metadata.namespace) key.namespace = object.metadata.namespace
  return key
}

/** `Deployment.apps web/api`, `ConfigMap web/settings`, `ClusterRole.rbac.authorization.k8s.io admin`. */
export function formatKey(key: ResourceKey): string {
  const group = groupOf(key.apiVersion)
  const kind = group ? `${key.kind}.${group}` : key.kind
  const name = key.namespace ? `${key.namespace}/${key.name}` : key.name
  return `${kind} ${name}`
}

/** A string that is equal for two keys exactly when they name the same resource. */
export function keyId(key: ResourceKey): string {
  return JSON.stringify([groupOf(key.apiVersion), key.kind, key.namespace ?? '', key.name])
}

export { groupOf } from '../util/api-version.ts'
