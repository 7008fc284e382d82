// Small helpers for the plain JSON values Kubernetes objects are made of.

export type JsonMap = Record<string, unknown>

/** A JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A deep copy, so callers can never mutate the objects they were given. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value)
}
