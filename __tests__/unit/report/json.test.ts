import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import { classifyResult } from '../../../src/drift/lifecycle/classify.ts'
import { toJson } from '../../../src/report/json.ts'
import type { DriftReport } from '../../../src/types.ts'
import { driftedDeployment, reportOf, resource, target, typicalReport } from './sample-reports.ts'

const schemaPath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../schema/drift-report.v1.schema.json'
)
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object

// RFC 3339 date-time, as the schema's `format` asks (ajv-formats is not a dependency).
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i
const ajv = new Ajv({ allErrors: true, formats: { 'date-time': RFC3339 } })
const validate = ajv.compile(schema)

function errorsOf(value: unknown): string[] {
  return validate(value)
    ? []
    : (validate.errors ?? []).map(error => `${error.instancePath} ${error.message}`)
}

describe('toJson', () => {
  it('produces a report the published schema accepts', () => {
    const json = toJson(typicalReport())
    expect(errorsOf(JSON.parse(json))).toEqual([])
  })

  it('carries each change’s severity, its reason and its cause, and the schema accepts them', () => {
    const report = typicalReport()
    report.targets[0]!.resources = report.targets[0]!.resources.map(r =>
      classifyResult(r, { fieldManager: 'kube-drift' })
    )
    const json = JSON.parse(toJson(report)) as DriftReport
    const api = json.targets[0]!.resources.find(r => r.name === 'api' && r.kind === 'Deployment')
    expect(api?.changes[0]).toMatchObject({
      severity: 'low',
      severityReason: 'replica count differs from Git (kubectl-scale)',
      cause: { kind: 'person', by: 'kubectl-scale' }
    })
    expect(errorsOf(json)).toEqual([])
    const wrong = structuredClone(json)
    wrong.targets[0]!.resources.find(r => r.name === 'api')!.changes[0]!.severity =
      'urgent' as never
    expect(errorsOf(wrong)).not.toEqual([])
  })

  it('keeps the cluster version and an untested-version warning, and the schema accepts them', () => {
    const report = typicalReport()
    report.cluster = { ...report.cluster!, warning: 'Kubernetes v1.31.2 is outside the range' }
    const json = JSON.parse(toJson(report)) as { cluster: unknown }
    expect(json.cluster).toEqual({
      server: 'https://127.0.0.1:6443',
      context: 'prod',
      version: 'v1.31.2',
      warning: 'Kubernetes v1.31.2 is outside the range'
    })
    expect(errorsOf(json)).toEqual([])
    expect(Object.keys(json.cluster as object)).toEqual(['server', 'context', 'version', 'warning'])
  })

  it('accepts a report without cluster, resources without namespace or source', () => {
    const report = reportOf([
      target([resource({ kind: 'Namespace', namespace: undefined, source: undefined })])
    ])
    delete report.cluster
    expect(errorsOf(JSON.parse(toJson(report)))).toEqual([])
  })

  it.each<[string, (report: DriftReport) => unknown]>([
    [
      'an unknown status',
      report => ((report.targets[0]!.resources[0] as { status: string }).status = 'Unknown')
    ],
    [
      'a missing summary count',
      report => delete (report.summary as Partial<DriftReport['summary']>).errors
    ],
    ['an unexpected field', report => ((report as unknown as Record<string, unknown>).extra = 1)],
    [
      'a change path that is not a JSON Pointer',
      report => (report.targets[0]!.resources[9]!.changes[0]!.path = 'spec.replicas')
    ],
    [
      'an unknown change reason',
      report =>
        ((report.targets[0]!.resources[9]!.changes[0] as { reason: string }).reason = 'moved')
    ],
    ['an Error without its message', report => (report.targets[0]!.resources[11]!.error = null)],
    ['a line 0', report => (report.targets[0]!.resources[0]!.source = { file: 'a.yaml', line: 0 })],
    ['a generatedAt that is not a date-time', report => (report.generatedAt = 'yesterday')]
  ])('rejects %s', (_, breakIt) => {
    const report = JSON.parse(toJson(typicalReport())) as DriftReport
    breakIt(report)
    expect(errorsOf(report)).not.toEqual([])
  })

  it('writes keys in a fixed order with a 2-space indent, whatever the input order', () => {
    const shuffled = {
      targets: [
        {
          resources: [{ ...driftedDeployment }].map(r =>
            Object.fromEntries(Object.entries(r).reverse())
          ),
          notes: [],
          comparison: 'server',
          path: 'deploy/',
          renderer: 'plain',
          name: 'web'
        }
      ],
      summary: { ignored: 1, errors: 0, extra: 0, missing: 0, drifted: 1, inSync: 0, resources: 1 },
      generatedAt: '2026-11-20T03:30:00Z',
      kind: 'DriftReport',
      apiVersion: 'kube-drift/v1'
    } as unknown as DriftReport
    const json = toJson(shuffled)
    expect(
      json.startsWith(
        '{\n  "apiVersion": "kube-drift/v1",\n  "kind": "DriftReport",\n  "generatedAt"'
      )
    ).toBe(true)
    expect(json.endsWith('}\n')).toBe(true)
    const resourceKeys = Object.keys(
      (JSON.parse(json) as DriftReport).targets[0]!.resources[0] as object
    )
    expect(resourceKeys).toEqual([
      'apiVersion',
      'kind',
      'namespace',
      'name',
      'status',
      'method',
      'source',
      'changes',
      'diff',
      'error',
      'ignored'
    ])
    expect(toJson(shuffled)).toBe(toJson(JSON.parse(json) as DriftReport))
  })
})
