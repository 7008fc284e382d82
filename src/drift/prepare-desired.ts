// The desired object as the API server would store it, for the parts the server
// rewrites predictably: a Secret's stringData becomes base64 data (live Secrets
// never have stringData) and its type defaults to Opaque.

import type { KubeObject } from '../types.ts'
import { cloneJson, isPlainObject } from './json.ts'

export function prepareDesired(object: KubeObject): KubeObject {
  if (object.kind !== 'Secret') return object
  const secret = cloneJson(object)
  if (isPlainObject(secret.stringData)) {
    const data: Record<string, unknown> = isPlainObject(secret.data) ? { ...secret.data } : {}
    // Like the API server: a key in both stringData and data takes the stringData value.
    for (const [key, value] of Object.entries(secret.stringData)) {
      data[key] = Buffer.from(String(value), 'utf8').toString('base64')
    }
    secret.data = data
    delete secret.stringData
  }
  if (secret.type === undefined || secret.type === null || secret.type === '') {
    secret.type = 'Opaque'
  }
  return secret
}
