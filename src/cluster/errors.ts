// Turns API server failures into messages a person can act on: the verb and
// resource a 403 lacks and the RBAC rule that would grant it, the kind whose
// CRD is missing, the server that could not be reached.

export interface RequestTarget {
  verb: string
  group: string
  resource: string
  namespace?: string
  name?: string
}

export class KubeApiError extends Error {
  readonly status: number
  readonly reason: string
  readonly target: RequestTarget | undefined

  constructor(status: number, reason: string, message: string, target?: RequestTarget) {
    super(message)
    this.name = 'KubeApiError'
    this.status = status
    this.reason = reason
    this.target = target
  }
}

/** The cluster could not be reached at all (refused, DNS, TLS, timeout after retries). */
export class ClusterUnreachableError extends Error {
  readonly server: string

  constructor(server: string, cause: string) {
    super(`cannot reach the Kubernetes API server ${server}: ${cause}`)
    this.name = 'ClusterUnreachableError'
    this.server = server
  }
}

/** A kind the cluster does not serve: usually a CustomResourceDefinition not installed. */
export class UnknownKindError extends Error {
  constructor(apiVersion: string, kind: string) {
    const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : ''
    const hint = group.includes('.')
      ? `the CustomResourceDefinition for ${kind} (group ${group}) is not installed`
      : `the API server does not serve ${apiVersion}`
    super(`unknown kind ${kind} in ${apiVersion}: ${hint}`)
    this.name = 'UnknownKindError'
  }
}

/** The RBAC rule, as YAML a person can paste into a Role, that grants what a 403 refused. */
export function rbacRuleFor(target: RequestTarget): string {
  return `{apiGroups: ["${target.group}"], resources: ["${target.resource}"], verbs: ["${target.verb}"]}`
}

export function describeForbidden(request: RequestTarget, serverMessage: string): string {
  // The server names the verb it checked: a server-side apply that creates is a "create".
  const verb = /cannot (\w+) resource/.exec(serverMessage)?.[1] ?? request.verb
  const target = { ...request, verb }
  const where = target.namespace ? ` in namespace ${target.namespace}` : ' (cluster-wide)'
  const resource = target.group ? `${target.resource}.${target.group}` : target.resource
  const identity = /User "([^"]+)"/.exec(serverMessage)?.[1]
  const who = identity ? `identity "${identity}"` : 'the identity'
  const role = target.namespace ? 'a Role in that namespace' : 'a ClusterRole'
  return `forbidden: ${who} may not ${target.verb} ${resource}${where}; grant it with ${role} rule ${rbacRuleFor(target)}`
}
