import { loadAll } from 'js-yaml'
import type { KubeObject } from '../../src/types.ts'

/** The objects of a multi-document YAML string (test helper; the product uses src/render). */
export function parseAllObjects(text: string): KubeObject[] {
  return loadAll(text).filter((doc): doc is KubeObject => typeof doc === 'object' && doc !== null)
}
