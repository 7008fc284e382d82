// The identity a result is reported under.

import type { KubeObject, ResourceKey } from '../types.ts'

/** apiVersion/kind/namespace/name of an object; `namespace` only when there is one. */
export function keyOf(object: KubeObject, fallbackNamespace?: string): ResourceKey {
  const namespace = object.metadata.namespace ?? fallbackNamespace
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(namespace === undefined || namespace === '' ? {} : { namespace }),
    name: object.metadata.name ?? ''
  }
}
