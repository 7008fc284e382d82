// One sentence per failure, in the terms the reader can act on.
// The predicates that sort failures live beside the error classes (cluster/errors.ts).
import {
  KubeApiError,
  describeForbidden,
  isEscalationRefusal,
  rbacRuleFor,
  webhookOf
} from '../cluster/errors.ts'

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
