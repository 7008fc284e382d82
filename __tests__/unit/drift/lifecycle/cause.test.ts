// Cause classes (src/drift/lifecycle/cause.ts): each class from the managers that
// name it, the decisions about kubectl, and the dry-run's evidence of a webhook.
import { causeOf, managerKind } from '../../../../src/drift/lifecycle/cause.ts'
import { mutatedOnAdmission } from '../../../../src/drift/lifecycle/admission.ts'
import { classifyResult } from '../../../../src/drift/lifecycle/classify.ts'
import type { FieldChange, KubeObject, ResourceResult } from '../../../../src/types.ts'

const FM = 'kube-drift'
const change = (manager?: string, operation?: string, subresource?: string): FieldChange => ({
  path: '/spec/replicas',
  reason: 'changed',
  live: 5,
  desired: 3,
  ...(manager === undefined ? {} : { manager }),
  ...(operation === undefined ? {} : { operation }),
  ...(subresource === undefined ? {} : { subresource })
})

describe('cause', () => {
  it.each([
    'kubectl-edit',
    'kubectl-scale',
    'kubectl-patch',
    'kubectl-set',
    'kubectl-label',
    'kubectl-annotate',
    'kubectl-rollout',
    'k9s',
    'Lens',
    'lens'
  ])('%s (Update) is a person', manager => {
    expect(causeOf(change(manager, 'Update'), { fieldManager: FM })).toEqual({
      kind: 'person',
      by: manager
    })
  })

  it('plain kubectl is a person when it updates (kubectl 1.35 scale), a deploy tool when it applies', () => {
    expect(causeOf(change('kubectl', 'Update', 'scale'), { fieldManager: FM }).kind).toBe('person')
    expect(causeOf(change('kubectl', 'Apply'), { fieldManager: FM }).kind).toBe('deploy-tool')
  })

  it.each([
    ['kube-controller-manager', 'Update', 'scale'],
    ['kube-controller-manager', 'Update', undefined],
    ['horizontal-pod-autoscaler', 'Update', 'scale'],
    ['vpa-updater', 'Update', undefined],
    ['prometheus-operator', 'Update', undefined],
    ['cert-manager-controller', 'Update', undefined],
    ['keda-operator', 'Apply', undefined],
    ['kube-scheduler', 'Update', undefined],
    ['system:serviceaccount:kube-system:foo', 'Update', undefined]
  ])('%s (%s, %s) is a controller', (manager, operation, subresource) => {
    expect(causeOf(change(manager, operation, subresource), { fieldManager: FM })).toEqual({
      kind: 'controller',
      by: manager
    })
  })

  it.each([
    ['helm', 'Update'],
    ['argocd-controller', 'Apply'],
    ['argocd-application-controller', 'Update'],
    ['kustomize-controller', 'Apply'],
    ['helm-controller', 'Update'],
    ['kapp', 'Update'],
    ['kubectl-client-side-apply', 'Update'],
    ['kubectl-create', 'Update'],
    ['before-first-apply', 'Update'],
    ['kube-drift', 'Apply'],
    ['my-pipeline', 'Apply']
  ])('%s (%s) is a deploy tool', (manager, operation) => {
    expect(causeOf(change(manager, operation), { fieldManager: FM }).kind).toBe('deploy-tool')
  })

  it('a renamed field manager of kube-drift is a deploy tool', () => {
    expect(managerKind('ci-drift', 'Update', 'ci-drift')).toBe('deploy-tool')
  })

  it('an unknown manager is unknown, named; no manager is unknown, unnamed', () => {
    expect(causeOf(change('curl', 'Update'), { fieldManager: FM })).toEqual({
      kind: 'unknown',
      by: 'curl'
    })
    expect(causeOf(change(), { fieldManager: FM })).toEqual({ kind: 'unknown' })
  })

  it('a mutation the dry-run shows is a webhook, whoever set the live value', () => {
    expect(
      causeOf(change('kubectl-client-side-apply', 'Update'), {
        fieldManager: FM,
        mutatedOnAdmission: true
      })
    ).toEqual({ kind: 'webhook' })
  })
})

describe('mutatedOnAdmission', () => {
  const object = (image: string, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: { template: { spec: { containers: [{ name: 'app', image, ...extra }] } } }
  })
  const path = '/spec/template/spec/containers/0/image'
  const imageChange: FieldChange = {
    path,
    reason: 'changed',
    live: 'api:1.0',
    desired: 'registry.local/api:1.0'
  }

  it('is true when the dry-run turned Git’s value into another one', () => {
    expect(
      mutatedOnAdmission(imageChange, object('api:1.0'), object('registry.local/api:1.0'))
    ).toBe(true)
  })

  it('is true for a field the dry-run adds that Git has not (an injected value)', () => {
    const injected: FieldChange = {
      path: '/spec/template/spec/containers/0/env',
      reason: 'changed',
      desired: [{ name: 'INJECTED', value: '1' }]
    }
    const predicted = object('api:1.0', { env: [{ name: 'INJECTED', value: '1' }] })
    expect(mutatedOnAdmission(injected, object('api:1.0'), predicted)).toBe(true)
  })

  it('is false when the dry-run keeps Git’s value (the change is the cluster’s), and for other reasons', () => {
    const hand: FieldChange = { ...imageChange, live: 'api:1.1', desired: 'api:1.0' }
    expect(mutatedOnAdmission(hand, object('api:1.0'), object('api:1.0'))).toBe(false)
    const out: FieldChange = { path, reason: 'added-out-of-band', live: 'x' }
    expect(mutatedOnAdmission(out, object('api:1.0'), object('y'))).toBe(false)
  })
})

describe('classifyResult', () => {
  const result = (
    changes: FieldChange[],
    method: 'server' | 'local' = 'server'
  ): ResourceResult => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: 'shop',
    name: 'api',
    status: 'Drifted',
    method,
    changes,
    diff: '',
    error: null,
    ignored: 0
  })
  const git: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: { replicas: 3 }
  }

  it('sets cause, then severity (which reads it), on every change', () => {
    const classified = classifyResult(result([change('kubectl', 'Update', 'scale')]), {
      fieldManager: FM
    })
    expect(classified.changes[0]).toMatchObject({
      cause: { kind: 'person', by: 'kubectl' },
      severity: 'low',
      severityReason: 'replica count differs from Git (kubectl)'
    })
  })

  it('uses the dry-run only for a server comparison', () => {
    const predicted = { ...git, spec: { replicas: 4 } }
    const mutated: FieldChange = { path: '/spec/replicas', reason: 'changed', live: 3, desired: 4 }
    const server = classifyResult(result([mutated]), {
      fieldManager: FM,
      dryRun: { git, predicted }
    })
    expect(server.changes[0]?.cause).toEqual({ kind: 'webhook' })
    const local = classifyResult(result([mutated], 'local'), {
      fieldManager: FM,
      dryRun: { git, predicted }
    })
    expect(local.changes[0]?.cause).toEqual({ kind: 'unknown' })
  })

  it('applies the overrides', () => {
    const classified = classifyResult(result([change('kubectl', 'Update', 'scale')]), {
      fieldManager: FM,
      overrides: [{ path: '/spec/replicas', severity: 'critical' }]
    })
    expect(classified.changes[0]?.severity).toBe('critical')
  })
})
