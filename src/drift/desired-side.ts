// The one normalisation pipeline of the desired side. Every step that turns Git's
// object into what the comparison reads runs here, once per object, and nowhere
// else: controller-owned fields out (what is sent to the server), the server's
// predictable rewrites (what it would store), then normalizeObject (what compares).

import type { KubeObject } from '../types.ts'
import { withoutControllerOwnedFields } from './controller-fields.ts'
import { normalizeObject } from './normalize.ts'
import { prepareDesired } from './prepare-desired.ts'

/** One desired object at each stage of the pipeline; each stage computed once. */
export interface DesiredSide {
  /** What is sent to the server (apply and its dry-run): Git's object without controller-owned fields. */
  readonly applied: KubeObject
  /** As the API server would store `applied` (Secret stringData as data, type defaulted): the local merge's input. */
  readonly stored: KubeObject
  /** `stored` without what never counts (normalizeObject): the desired side of the comparison. */
  readonly normalized: KubeObject
}

/** The pipeline for one object; the normalized form is built on first use only. */
export function desiredSide(object: KubeObject): DesiredSide {
  const applied = withoutControllerOwnedFields(object)
  const stored = prepareDesired(applied)
  let normalized: KubeObject | undefined
  return {
    applied,
    stored,
    get normalized() {
      normalized ??= normalizeObject(stored)
      return normalized
    }
  }
}
