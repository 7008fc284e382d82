// Detection's hand-on for reconcile tests: a verdict with the placed desired object it rests on.
import type { DetectedResource } from '../../../src/engine/detection.ts'
import { desiredSide } from '../../../src/drift/index.ts'
import type { DesiredObject, ResourceResult } from '../../../src/types.ts'
import { parseApiVersion } from '../../../src/util/resource-identity.ts'

export function detectedOf(result: ResourceResult, desired?: DesiredObject): DetectedResource {
  if (!desired) return { result, ignored: [] }
  const { group, version } = parseApiVersion(result.apiVersion)
  const resource = {
    group,
    version,
    kind: result.kind,
    resource: `${result.kind.toLowerCase()}s`,
    namespaced: result.namespace !== undefined,
    verbs: ['get', 'list', 'patch']
  }
  const placed = {
    desired,
    resource,
    namespace: result.namespace,
    name: result.name,
    side: desiredSide(desired.object)
  }
  return { result, placed, ignored: [] }
}
