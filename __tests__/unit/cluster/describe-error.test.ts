// How a refused request is explained: the RBAC escalation check asks for
// `escalate` (or `bind`), a webhook is named as a webhook, and neither is
// mistaken for a missing verb on the kind.
import { describe, expect, it } from '@jest/globals'
import {
  KubeApiError,
  cannotDryRun,
  isForbidden,
  isRefusedApply
} from '../../../src/cluster/errors.ts'
import { describeError } from '../../../src/engine/describe-error.ts'

const patch = (resource: string) => ({
  verb: 'patch',
  group: 'rbac.authorization.k8s.io',
  resource,
  name: 'aggregate-view'
})

describe('describeError', () => {
  const escalation = new KubeApiError(
    403,
    'Forbidden',
    'clusterroles.rbac.authorization.k8s.io "aggregate-view" is forbidden: user "system:serviceaccount:ci:kube-drift" (groups=["system:serviceaccounts"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
    patch('clusterroles'),
    'PATCH /apis/rbac.authorization.k8s.io/v1/clusterroles/aggregate-view'
  )

  it('the escalation check asks for escalate on roles, and the object is compared locally', () => {
    expect(describeError(escalation)).toBe(
      'the RBAC escalation check refused the dry-run: identity "system:serviceaccount:ci:kube-drift" does not hold every permission this role grants (aggregated or wider rules); the server can compare it only with "escalate" (rule {apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["escalate"]})'
    )
    expect(isForbidden(escalation)).toBe(false)
    expect(cannotDryRun(escalation)).toBe(true)
  })

  it('for a binding, it asks for bind on the roles', () => {
    const binding = new KubeApiError(403, 'Forbidden', escalation.message, patch('rolebindings'))
    expect(describeError(binding)).toContain(
      '"bind" (rule {apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles"], verbs: ["bind"]})'
    )
  })

  it('a webhook denial names the webhook, even with status 403, and is no RBAC problem', () => {
    const denied = new KubeApiError(
      403,
      'Forbidden',
      'admission webhook "validate.kyverno.svc" denied the request: image tag latest is not allowed',
      { verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'web', name: 'api' },
      'PATCH /apis/apps/v1/namespaces/web/deployments/api?dryRun=All'
    )
    expect(describeError(denied)).toBe(
      'admission webhook "validate.kyverno.svc" refused the request (HTTP 403 to PATCH /apis/apps/v1/namespaces/web/deployments/api?dryRun=All): admission webhook "validate.kyverno.svc" denied the request: image tag latest is not allowed'
    )
    expect(isForbidden(denied)).toBe(false)
    expect(isRefusedApply(denied)).toBe(true)
    expect(cannotDryRun(denied)).toBe(false)
  })

  it('a webhook without dry-run support is not Git being refused: compared locally', () => {
    const unsupported = new KubeApiError(
      400,
      'BadRequest',
      'admission webhook "sidecar.example.com" does not support dry run'
    )
    expect(isRefusedApply(unsupported)).toBe(false)
    expect(cannotDryRun(unsupported)).toBe(true)
  })

  it('an error status names the request it answered', () => {
    expect(
      describeError(new KubeApiError(503, 'ServiceUnavailable', 'busy', undefined, 'GET /api'))
    ).toBe('the API server answered 503 ServiceUnavailable to GET /api: busy')
  })
})
