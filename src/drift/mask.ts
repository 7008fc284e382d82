// Secrets stay secret. Every value of a Secret's data/stringData, and the
// last-applied annotation that embeds them, is replaced by a keyed hash (HMAC)
// before anything is compared or rendered, so no later step can leak a value.
// The hash lets a reader see that a value changed without learning it; the key
// (cluster/mask-key.ts) is secret and stable, so an unchanged value renders the
// same every night, and a reader without the key cannot test a guessed value.

import { createHmac } from 'node:crypto'
import type { KubeObject } from '../types.ts'
import { isPlainObject } from './json.ts'
import { LAST_APPLIED_ANNOTATION } from './normalize.ts'
import { isAtOrUnder, toPointer } from './pointer.ts'

const SENSITIVE_MAPS = ['data', 'stringData']

/** The one notation of a masked value, in the JSON, the tables, the CLI and the diffs. */
export const MASKED_VALUE = /^\(secret, hmac:([0-9a-f]{8})\)$/

/** Any kind named Secret, whatever its group: masking too much only costs detail. */
export function isSecret(object: { kind?: unknown }): boolean {
  return object.kind === 'Secret'
}

/** `(secret, hmac:<first 8 hex of HMAC-SHA256(key, value)>)`. */
export function maskedValue(key: string, value: Uint8Array | string): string {
  const hash = createHmac('sha256', key).update(value).digest('hex').slice(0, 8)
  return `(secret, hmac:${hash})`
}

/** Whether `value` is a masked placeholder (rendered as is, never quoted as a string). */
export function isMaskedValue(value: unknown): boolean {
  return typeof value === 'string' && MASKED_VALUE.test(value)
}

/**
 * A copy of `object` with every sensitive value masked (objects that are not
 * Secrets are returned as they are). data is hashed on its decoded bytes, so the
 * same value given as stringData or as differently wrapped base64 hashes the same.
 */
// `maskKey`, not `key`: a Secret's own keys are iterated below, and must never be the HMAC key.
export function maskSecret<T extends KubeObject | undefined>(object: T, maskKey: string): T {
  if (object === undefined || !isSecret(object)) return object
  // A new object along the changed paths only; `object` itself is never written to.
  const copy: KubeObject = { ...object }
  for (const field of SENSITIVE_MAPS) {
    const values = copy[field]
    if (!isPlainObject(values)) continue
    const masked: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(values)) {
      masked[key] = maskedValue(maskKey, bytesOf(field, value))
    }
    copy[field] = masked
  }
  const annotations = isPlainObject(copy.metadata) ? copy.metadata.annotations : undefined
  if (isPlainObject(annotations) && annotations[LAST_APPLIED_ANNOTATION] !== undefined) {
    copy.metadata = {
      ...copy.metadata,
      annotations: {
        ...annotations,
        [LAST_APPLIED_ANNOTATION]: maskedValue(
          maskKey,
          String(annotations[LAST_APPLIED_ANNOTATION])
        )
      }
    }
  }
  return copy as T
}

function bytesOf(field: string, value: unknown): Uint8Array | string {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null)
  return field === 'data' ? Buffer.from(text, 'base64') : text
}

/** Whether a change at `path` of this object carries (masked) sensitive values. */
export function isSensitivePath(object: { kind?: unknown }, path: string): boolean {
  if (!isSecret(object)) return false
  const sensitive = [
    ...SENSITIVE_MAPS.map(field => toPointer([field])),
    toPointer(['metadata', 'annotations', LAST_APPLIED_ANNOTATION])
  ]
  return sensitive.some(root => isAtOrUnder(path, root) || isAtOrUnder(root, path))
}
