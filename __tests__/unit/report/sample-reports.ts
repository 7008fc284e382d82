// Reports used by the report tests, built as the engine would build them.
import type { DriftReport, ResourceResult, TargetReport } from '../../../src/types.ts'
import { summarize } from '../../../src/drift/summary.ts'

export function resource(overrides: Partial<ResourceResult>): ResourceResult {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: 'web',
    name: 'settings',
    status: 'InSync',
    method: 'server',
    source: { file: 'deploy/settings.yaml', line: 1 },
    changes: [],
    diff: '',
    error: null,
    ignored: 0,
    ...overrides
  }
}

export function reportOf(targets: TargetReport[]): DriftReport {
  return {
    apiVersion: 'kube-drift/v1',
    kind: 'DriftReport',
    generatedAt: '2026-11-20T03:30:00Z',
    cluster: { server: 'https://127.0.0.1:6443', context: 'prod', version: 'v1.31.2' },
    summary: summarize(targets),
    targets
  }
}

export function target(
  resources: ResourceResult[],
  overrides: Partial<TargetReport> = {}
): TargetReport {
  return {
    name: 'web',
    renderer: 'plain',
    path: 'deploy/',
    comparison: 'server',
    notes: [],
    resources,
    ...overrides
  }
}

export const driftedDeployment = resource({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name: 'api',
  status: 'Drifted',
  source: { file: 'deploy/api.yaml', line: 14 },
  changes: [
    {
      path: '/spec/replicas',
      reason: 'changed',
      desired: 3,
      live: 5,
      manager: 'kubectl-scale',
      operation: 'Update',
      time: '2026-11-20T03:12:44Z'
    },
    {
      path: '/spec/template/spec/containers/0/env/2',
      reason: 'added-out-of-band',
      live: { name: 'DEBUG', value: '1' },
      manager: 'kubectl-edit',
      operation: 'Update',
      time: '2026-11-20T03:15:00Z'
    }
  ],
  diff: [
    '--- live',
    '+++ desired',
    '@@ -5,7 +5,7 @@',
    ' spec:',
    '-  replicas: 5',
    '+  replicas: 3',
    '   template:',
    '@@ -20,6 +20,4 @@',
    '         - name: LOG_LEVEL',
    '           value: info',
    '-        - name: DEBUG',
    "-          value: '1'",
    ''
  ].join('\n'),
  ignored: 1
})

/** 9 in sync, 1 drifted, 1 missing, 1 error: the common shape of a real report. */
export function typicalReport(): DriftReport {
  const inSync = Array.from({ length: 9 }, (_, index) =>
    resource({ name: `settings-${index}`, ignored: index === 0 ? 2 : 0 })
  )
  return reportOf([
    target(
      [
        ...inSync,
        driftedDeployment,
        resource({
          kind: 'Service',
          name: 'api',
          status: 'Missing',
          method: 'none',
          source: { file: 'deploy/api.yaml', line: 40 },
          diff: '--- live\n+++ desired\n@@ -0,0 +1,3 @@\n+apiVersion: v1\n+kind: Service\n+metadata: {}\n'
        }),
        resource({
          kind: 'Secret',
          name: 'creds',
          status: 'Error',
          method: 'none',
          error:
            'secrets "creds" is forbidden: User "ci" cannot get resource "secrets" | try RBAC\nsecond line'
        })
      ],
      { notes: ['compared locally: the identity may not patch'], comparison: 'mixed' }
    )
  ])
}
