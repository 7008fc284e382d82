// The kubectl.kubernetes.io/last-applied-configuration annotation written by
// client-side `kubectl apply`: what it applied last time.

import type { KubeObject } from '../types.ts'
import { isPlainObject } from './json.ts'
import { LAST_APPLIED_ANNOTATION } from './normalize.ts'

/** The parsed annotation, or undefined when absent or not a JSON object. */
export function readLastApplied(live: KubeObject): KubeObject | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED_ANNOTATION]
  if (typeof text !== 'string') return undefined
  try {
    const parsed: unknown = JSON.parse(text)
    if (!isPlainObject(parsed)) return undefined
    return {
      ...parsed,
      metadata: isPlainObject(parsed.metadata) ? parsed.metadata : {}
    } as KubeObject
  } catch {
    // A hand-mangled annotation tells us nothing reliable about past applies.
    return undefined
  }
}
