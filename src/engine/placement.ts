// Resolves each desired object to the REST resource that serves it and the
// namespace it will land in, as kubectl apply would place it.
import type { ApiResource } from '../cluster/discovery.ts'
import { desiredSide, type DesiredSide } from '../drift/index.ts'
import type { DesiredObject, KubeObject, ResourceKey } from '../types.ts'
import { formatApiVersion } from '../util/resource-identity.ts'
import type { KindResolver } from './cluster-port.ts'

export interface PlacedObject {
  desired: DesiredObject
  resource: ApiResource
  namespace: string | undefined
  name: string
  /** the desired object through the one normalisation pipeline (drift/desired-side.ts), built once here. */
  side: DesiredSide
}

export interface UnplacedObject {
  desired: DesiredObject
  error: Error
}

export function placeObjects(
  objects: DesiredObject[],
  discovery: KindResolver,
  defaultNamespace: string
): { placed: PlacedObject[]; unplaced: UnplacedObject[] } {
  const placed: PlacedObject[] = []
  const unplaced: UnplacedObject[] = []
  for (const desired of objects) {
    const { apiVersion, kind, metadata } = desired.object
    try {
      const resource = discovery.resolve(apiVersion, kind)
      const namespace = resource.namespaced ? (metadata.namespace ?? defaultNamespace) : undefined
      const object = withNamespace(desired.object, namespace)
      placed.push({
        desired: { ...desired, object },
        resource,
        namespace,
        name: metadata.name ?? '',
        side: desiredSide(object)
      })
    } catch (error) {
      unplaced.push({ desired, error: error as Error })
    }
  }
  return { placed, unplaced }
}

/** Namespaced objects get the default namespace; cluster-scoped ones lose a stray one. */
function withNamespace(object: KubeObject, namespace: string | undefined): KubeObject {
  const metadata = { ...object.metadata }
  if (namespace === undefined) delete metadata.namespace
  else metadata.namespace = namespace
  return { ...object, metadata }
}

/** The identity of an object of a resolved resource, where it lands (resourceId makes it a map key). */
export function placedKey(
  resource: ApiResource,
  namespace: string | undefined,
  name: string
): ResourceKey {
  return { apiVersion: formatApiVersion(resource), kind: resource.kind, namespace, name }
}
