// Turns API server failures into messages a person can act on: the verb and
// resource a 403 lacks and the RBAC rule that would grant it, the kind whose
// CRD is missing, the server that could not be reached, the request that got
// no usable answer. Every failure names what was asked (method and path).
import { groupOf, groupResource } from '../util/resource-identity.ts'

export interface RequestTarget {
  verb: string
  group: string
  resource: string
  namespace?: string
  name?: string
}

/** The API server answered with an error status (a Kubernetes Status, or a plain body). */
export class KubeApiError extends Error {
  readonly status: number
  readonly reason: string
  readonly target: RequestTarget | undefined
  /** what was asked, `GET /api/v1/...`. */
  readonly request: string | undefined

  constructor(
    status: number,
    reason: string,
    message: string,
    target?: RequestTarget,
    request?: string
  ) {
    super(message)
    this.name = 'KubeApiError'
    this.status = status
    this.reason = reason
    this.target = target
    this.request = request
  }
}

/**
 * One request got no usable answer after its retries: the connection was lost
 * or timed out, or the body was cut off, empty or not the shape the request
 * promises. That resource is an Error; the rest of the run goes on.
 */
export class RequestFailedError extends Error {
  readonly request: string
  readonly detail: string
  /** no answer at all (refused, reset, timed out), as opposed to a bad one. */
  readonly connectionLost: boolean

  constructor(request: string, server: string, cause: string, connectionLost = false) {
    super(`${request} to ${server}: ${cause}`)
    this.name = 'RequestFailedError'
    this.request = request
    this.detail = cause
    this.connectionLost = connectionLost
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

/** Where the credentials came from, to say which ones failed. */
export interface CredentialOwner {
  server: string
  context: string
  user: string
}

/** The server refused the credentials (401): every request would fail the same way. */
export class UnauthorizedError extends Error {
  constructor(owner: CredentialOwner, serverMessage: string) {
    super(
      `the API server ${owner.server} refused the credentials of user "${owner.user}" (context "${owner.context}"): ${serverMessage || 'Unauthorized'}. ` +
        'Hint: the token or client certificate is expired, revoked or meant for another cluster; ' +
        `check with kubectl --context ${owner.context} auth whoami`
    )
    this.name = 'UnauthorizedError'
  }
}

/** The kubeconfig's credential plugin (users[].user.exec) or auth provider failed. */
export class CredentialPluginError extends Error {
  constructor(owner: CredentialOwner, plugin: string | undefined, failure: string) {
    const what = plugin
      ? `the credential plugin "${plugin}" of user "${owner.user}"`
      : `setting up the connection for user "${owner.user}"`
    super(`${what} (context "${owner.context}") failed: ${failure || 'no reason given'}`)
    this.name = 'CredentialPluginError'
  }
}

/** The server rejected the label selector (400): a usage error, nothing is compared. */
export class SelectorRejectedError extends Error {
  constructor(selector: string, request: string, serverMessage: string) {
    super(`the API server rejected the label selector "${selector}" (${request}): ${serverMessage}`)
    this.name = 'SelectorRejectedError'
  }
}

/** A kind the cluster does not serve: usually a CustomResourceDefinition not installed. */
export class UnknownKindError extends Error {
  constructor(apiVersion: string, kind: string) {
    const group = groupOf(apiVersion)
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
  const resource = groupResource(target.group, target.resource)
  const identity = /User "([^"]+)"/.exec(serverMessage)?.[1]
  const who = identity ? `identity "${identity}"` : 'the identity'
  const role = target.namespace ? 'a Role in that namespace' : 'a ClusterRole'
  return `forbidden: ${who} may not ${target.verb} ${resource}${where}; grant it with ${role} rule ${rbacRuleFor(target)}`
}

/**
 * A kind not found while discovery was incomplete: the kind may well be served,
 * so no CRD is blamed; the failed discovery request is named instead.
 */
export class DiscoveryIncompleteError extends Error {
  constructor(apiVersion: string, kind: string, failures: string[]) {
    super(
      `cannot tell which resource serves ${kind} in ${apiVersion}: API discovery failed (${failures.join('; ')})`
    )
    this.name = 'DiscoveryIncompleteError'
  }
}
