// One sentence per failure, in the terms the reader can act on.
import { ClusterUnreachableError, KubeApiError, describeForbidden } from '../cluster/errors.ts'

export function describeError(error: unknown): string {
  if (error instanceof KubeApiError) {
    if (error.status === 403 && error.target) return describeForbidden(error.target, error.message)
    const status = error.reason ? `${error.status} ${error.reason}` : String(error.status)
    return `the API server answered ${status}: ${error.message}`
  }
  if (error instanceof Error) return error.message
  return String(error)
}

/** Failures that make every verdict meaningless: the run stops with exit 1. */
export function isFatal(error: unknown): boolean {
  return error instanceof ClusterUnreachableError
}

export function isForbidden(error: unknown): boolean {
  return error instanceof KubeApiError && error.status === 403
}

/** The server would not accept the apply (invalid merge result, conflict). */
export function isRefusedApply(error: unknown): boolean {
  return error instanceof KubeApiError && (error.status === 422 || error.status === 409)
}
