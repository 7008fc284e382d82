// Resolves each desired object to the REST resource that serves it and the
// namespace it will land in, as kubectl apply would place it.
import type { ApiResource, Discovery } from '../cluster/discovery.ts'
import type { DesiredObject, KubeObject } from '../types.ts'

export interface PlacedObject {
  desired: DesiredObject
  resource: ApiResource
  namespace: string | undefined
  name: string
}

export interface UnplacedObject {
  desired: DesiredObject
  error: Error
}

export function placeObjects(
  objects: DesiredObject[],
  discovery: Discovery,
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
        name: metadata.name ?? ''
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

export function placementKey(
  resource: ApiResource,
  namespace: string | undefined,
  name: string
): string {
  return `${resource.group}/${resource.kind}/${namespace ?? ''}/${name}`
}
