// Issue #13 (lifecycle), cause and suggested ignore rules on the real control plane:
// replicas a real HorizontalPodAutoscaler sets (kube-controller-manager's HPA
// controller, through the scale subresource) are caused by a controller and offered
// as an ignore rule; the same field changed with `kubectl scale` is a person's, and
// offered nothing. The HPA scales without metrics-server: a target below minReplicas
// is raised to it before any metric is read.
import { jest } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { runCli } from '../../src/cli/run.ts'
import { parseIgnoreRules } from '../../src/config/ignore-rules.ts'
import { suggestIgnores, suggestionsYaml } from '../../src/drift/lifecycle/suggestions.ts'
import type { FieldChange, ResourceResult } from '../../src/types.ts'
import { testKubeconfigPath } from './cluster-env.ts'
import { check, kubectl, manifestDir, verdicts } from './harness.ts'
import type { Context } from './harness.ts'

const CONTEXTS: Context[] = ['differ', 'reader']

function app(ns: string, name: string, hpa: boolean): string {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  replicas: 2
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: app
          image: registry.example.com/${name}:1.0
          resources:
            requests: { cpu: 100m }
`
  const autoscaler = `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${name} }
  minReplicas: 4
  maxReplicas: 6
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 80 } }
`
  return deployment + (hpa ? autoscaler : '')
}

function replicasChange(resource: ResourceResult): FieldChange {
  const found = resource.changes.find(c => c.path === '/spec/replicas')
  if (!found) throw new Error(`no /spec/replicas change: ${JSON.stringify(resource.changes)}`)
  return found
}

/** Deploys `app` into a fresh namespace; returns the manifests directory. */
function deploy(ns: string, yaml: string): string {
  kubectl(['apply', '-f', '-'], {
    input: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`
  })
  const dir = manifestDir({ 'app.yaml': yaml })
  kubectl(['apply', '--server-side', '--force-conflicts', '-f', dir])
  return dir
}

/** `kube-drift check …` in-process: its exit code and stdout. */
async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  const written: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    written.push(String(chunk))
    return true
  })
  try {
    const code = await runCli([
      'check',
      ...args,
      '--kubeconfig',
      testKubeconfigPath(),
      '--context',
      'differ'
    ])
    return { code, stdout: written.join('') }
  } finally {
    spy.mockRestore()
  }
}

async function until(what: string, done: () => boolean, timeoutMs = 120_000): Promise<void> {
  const start = Date.now()
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 1000))
  }
}

describe('lifecycle: cause and suggested ignore rules', () => {
  it('replicas an HPA drives are caused by a controller and offered as an ignore rule that silences them', async () => {
    const ns = 'lc-hpa'
    kubectl(['apply', '-f', '-'], {
      input: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`
    })
    const dir = manifestDir({ 'app.yaml': app(ns, 'web', true) })
    kubectl(['apply', '--server-side', '--force-conflicts', '-f', dir])
    // The real HPA controller raises the Deployment to minReplicas (its sync period is 15 s).
    await until(
      'the HPA to scale web to 4',
      () => kubectl(['-n', ns, 'get', 'deployment/web', '-o', 'jsonpath={.spec.replicas}']) === '4'
    )
    for (const context of CONTEXTS) {
      const { find, resources } = await check({ paths: [dir], context })
      try {
        const web = find('Deployment', 'web')
        expect(web.status).toBe('Drifted')
        expect(replicasChange(web)).toMatchObject({
          live: 4,
          desired: 2,
          manager: 'kube-controller-manager',
          subresource: 'scale',
          cause: { kind: 'controller', by: 'kube-controller-manager' },
          severity: 'low'
        })
        expect(find('HorizontalPodAutoscaler', 'web').status).toBe('InSync')

        const suggestions = suggestIgnores(resources)
        expect(suggestions.map(s => s.rule)).toEqual([
          { kind: 'Deployment', managers: ['kube-controller-manager'], paths: ['/spec/replicas'] }
        ])
        expect(suggestions[0]?.seenBefore).toBe(false)
        // Pasted into the config, the rule silences the HPA's replicas, and only them.
        const ignore = parseIgnoreRules(suggestionsYaml(suggestions), 'suggested')
        const again = await check({ paths: [dir], context, ignore })
        expect(again.find('Deployment', 'web')).toMatchObject({ status: 'InSync', ignored: 1 })
      } catch (error) {
        throw new Error(
          `[${context}] ${(error as Error).message}\n${verdicts(resources).join('\n')}`,
          {
            cause: error
          }
        )
      }
    }
  })

  it('replicas changed with kubectl scale are a person’s, and offered nothing', async () => {
    const ns = 'lc-scale'
    kubectl(['apply', '-f', '-'], {
      input: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`
    })
    const dir = manifestDir({ 'app.yaml': app(ns, 'api', false) })
    kubectl(['apply', '--server-side', '--force-conflicts', '-f', dir])
    kubectl(['-n', ns, 'scale', 'deployment/api', '--replicas=5'])
    for (const context of CONTEXTS) {
      const { find, resources } = await check({ paths: [dir], context })
      const change = replicasChange(find('Deployment', 'api'))
      expect(change).toMatchObject({ live: 5, desired: 2, subresource: 'scale', severity: 'low' })
      // kubectl 1.35 scales as plain "kubectl", an Update: a person at the keyboard.
      expect(change.cause).toEqual({ kind: 'person', by: change.manager })
      expect(suggestIgnores(resources)).toEqual([])
    }
  })

  it('the CLI: --suggest-ignores prints the rule, --fail-on-drift takes a severity, severity: in the config overrides the table', async () => {
    const ns = 'lc-cli'
    const dir = deploy(ns, `${app(ns, 'web', true)}---\n${app(ns, 'api', false)}`)
    kubectl(['-n', ns, 'scale', 'deployment/api', '--replicas=5'])
    await until(
      'the HPA to scale web to 4',
      () => kubectl(['-n', ns, 'get', 'deployment/web', '-o', 'jsonpath={.spec.replicas}']) === '4'
    )
    const suggested = await cli(['--path', dir, '--suggest-ignores'])
    expect(suggested.code).toBe(2)
    expect(parseIgnoreRules(suggested.stdout, 'stdout')).toEqual([
      { kind: 'Deployment', managers: ['kube-controller-manager'], paths: ['/spec/replicas'] }
    ])
    expect(suggested.stdout).toContain('seen in this run only')

    // Replicas are low: drift, but none high.
    expect((await cli(['--path', dir, '--fail-on-drift', 'high'])).code).toBe(0)
    expect((await cli(['--path', dir, '--fail-on-drift', 'low'])).code).toBe(2)
    await expect(cli(['--path', dir, '--fail-on-drift', 'urgent'])).rejects.toThrow(
      '--fail-on-drift must be one of critical, high, medium, low (got "urgent")'
    )

    const config = path.join(dir, '.kube-drift.yaml')
    writeFileSync(
      config,
      'severity:\n  - { kind: Deployment, path: /spec/replicas, severity: high }\ntargets:\n  - path: app.yaml\n'
    )
    const raised = await cli(['--config', config, '--fail-on-drift', 'high', '-o', 'json'])
    expect(raised.code).toBe(2)
    const report = JSON.parse(raised.stdout) as { targets: { resources: ResourceResult[] }[] }
    const api = report.targets[0]?.resources.find(r => r.kind === 'Deployment' && r.name === 'api')
    expect(api?.changes[0]).toMatchObject({
      path: '/spec/replicas',
      severity: 'high',
      severityReason: 'set in .kube-drift.yaml for Deployment /spec/replicas',
      cause: { kind: 'person' }
    })
    const markdown = await cli(['--path', dir, '-o', 'markdown'])
    expect(markdown.stdout).toContain('💡 Suggested ignore rules (1)')
  })

  it('a value admission mutates (a MutatingAdmissionPolicy, the stage mutating webhooks run in) is caused by a webhook and offered as a rule', async () => {
    const ns = 'lc-mut'
    const dir = deploy(ns, app(ns, 'shop', false))
    // After the Deployment exists: its live object lacks the label, the dry-run of Git's gets it.
    const policy = manifestDir({
      'policy.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicy
metadata: { name: lc-inject-label }
spec:
  matchConstraints:
    resourceRules:
      - { apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments] }
  failurePolicy: Fail
  reinvocationPolicy: Never
  mutations:
    - patchType: ApplyConfiguration
      applyConfiguration:
        expression: 'Object{metadata: Object.metadata{labels: {"injected": "yes"}}}'
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicyBinding
metadata: { name: lc-inject-label }
spec:
  policyName: lc-inject-label
  matchResources:
    namespaceSelector:
      matchLabels: { kubernetes.io/metadata.name: ${ns} }
`
    })
    kubectl(['apply', '-f', policy])
    try {
      // The policy takes effect once the API server's informers have it.
      await until(
        'the policy to mutate a dry-run',
        () =>
          kubectl([
            'apply',
            '--server-side',
            '--force-conflicts',
            '--dry-run=server',
            '-f',
            dir,
            '-o',
            'jsonpath={.metadata.labels.injected}'
          ]) === 'yes'
      )
      // Live equals Git, so the local fast path would prove it in sync without asking the
      // server: only the dry-run (--always-dry-run) shows what admission would write.
      const { find, resources } = await check({ paths: [dir], context: 'differ', fastPath: false })
      const shop = find('Deployment', 'shop')
      const injected = shop.changes.find(c => c.path === '/metadata/labels/injected')
      expect(injected).toMatchObject({
        reason: 'changed',
        desired: 'yes',
        cause: { kind: 'webhook' }
      })
      expect(injected?.live).toBeUndefined()
      const suggestions = suggestIgnores(resources)
      expect(suggestions.map(s => [s.cause, s.rule])).toEqual([
        ['webhook', { kind: 'Deployment', paths: ['/metadata/labels/injected'] }]
      ])
      const ignore = parseIgnoreRules(suggestionsYaml(suggestions), 'suggested')
      const again = await check({ paths: [dir], context: 'differ', ignore, fastPath: false })
      expect(again.find('Deployment', 'shop')).toMatchObject({ status: 'InSync', ignored: 1 })
    } finally {
      kubectl(['delete', '-f', policy, '--ignore-not-found'])
    }
  })
})
