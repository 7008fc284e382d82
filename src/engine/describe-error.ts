// One sentence per failure, in the terms the reader can act on.
import {
  ClusterUnreachableError,
  CredentialPluginError,
  KubeApiError,
  SelectorRejectedError,
  UnauthorizedError,
  describeForbidden,
  rbacRuleFor
} from '../cluster/errors.ts'

const WEBHOOK = /admission webhook "([^"]+)"/
const ESCALATION = /attempting to grant RBAC permissions not currently held/

export function describeError(error: unknown): string {
  if (error instanceof KubeApiError) {
    const to = error.request ? ` to ${error.request}` : ''
    const webhook = webhookOf(error)
    if (webhook) {
      return `admission webhook "${webhook}" refused the request (HTTP ${error.status}${to}): ${error.message}`
    }
    if (isEscalationRefusal(error)) return describeEscalation(error)
    if (error.status === 403 && error.target) return describeForbidden(error.target, error.message)
    const status = error.reason ? `${error.status} ${error.reason}` : String(error.status)
    return `the API server answered ${status}${to}: ${error.message}`
  }
  if (error instanceof Error) return error.message
  return String(error)
}

/** Failures that make every verdict meaningless: the run stops with exit 1. */
export function isFatal(error: unknown): boolean {
  return (
    error instanceof ClusterUnreachableError ||
    error instanceof UnauthorizedError ||
    error instanceof CredentialPluginError ||
    error instanceof SelectorRejectedError
  )
}

/** An RBAC refusal of the verb itself (not a webhook's, not the escalation check's). */
export function isForbidden(error: unknown): boolean {
  return (
    error instanceof KubeApiError &&
    error.status === 403 &&
    !webhookOf(error) &&
    !isEscalationRefusal(error)
  )
}

/**
 * The server would not accept the apply (invalid merge result, conflict, an
 * admission webhook's denial): applying Git would fail.
 */
export function isRefusedApply(error: unknown): boolean {
  if (!(error instanceof KubeApiError)) return false
  if (webhookOf(error)) return !isDryRunUnsupported(error)
  return error.status === 422 || error.status === 409
}

/**
 * The dry-run could not run for this object, though a real apply might: a
 * webhook with side effects refuses every dry-run, and the RBAC escalation
 * check refuses a role granting what the identity does not hold itself. The
 * object is compared locally instead.
 */
export function cannotDryRun(error: unknown): boolean {
  return error instanceof KubeApiError && (isDryRunUnsupported(error) || isEscalationRefusal(error))
}

function webhookOf(error: KubeApiError): string | undefined {
  return WEBHOOK.exec(error.message)?.[1]
}

function isDryRunUnsupported(error: KubeApiError): boolean {
  return webhookOf(error) !== undefined && /does not support dry run/i.test(error.message)
}

function isEscalationRefusal(error: KubeApiError): boolean {
  return error.status === 403 && ESCALATION.test(error.message)
}

/**
 * The escalation check: a Role may only grant what its writer holds, unless the
 * writer has `escalate` on roles (or `bind` for a binding's role). `kubectl auth
 * can-i patch` says yes, so "may not patch" would be wrong.
 */
function describeEscalation(error: KubeApiError): string {
  const target = error.target
  const binding = target?.resource.endsWith('bindings') ?? false
  const verb = binding ? 'bind' : 'escalate'
  const roles = binding ? target?.resource.replace(/bindings$/, 's') : target?.resource
  const rule = rbacRuleFor({
    verb,
    group: 'rbac.authorization.k8s.io',
    resource: roles ?? 'clusterroles'
  })
  const identity = /user "([^"]+)"/i.exec(error.message)?.[1]
  const who = identity ? `identity "${identity}"` : 'the identity'
  return (
    `the RBAC escalation check refused the dry-run: ${who} does not hold every permission this ${binding ? 'binding' : 'role'} grants ` +
    `(aggregated or wider rules); the server can compare it only with "${verb}" (rule ${rule})`
  )
}
