// Fields that a manifest may spell out but that a controller, not the deployer,
// owns at run time. Left in the desired object they would be forced back on
// every comparison and always show as drift.
import type { KubeObject } from '../types.ts'

/**
 * The desired object without the fields a controller fills in:
 * - an aggregated ClusterRole's `rules` (the clusterrole-aggregation-controller
 *   writes them from the selected roles; manifests carry `rules: []`).
 */
export function withoutControllerOwnedFields(object: KubeObject): KubeObject {
  if (object.kind === 'ClusterRole' && object.aggregationRule !== undefined && 'rules' in object) {
    const { rules: _rules, ...rest } = object
    return rest as KubeObject
  }
  return object
}
