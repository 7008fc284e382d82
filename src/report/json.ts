// The JSON report: a stable, versioned document for other tools
// (schema/drift-report.v1.schema.json). Keys come in a fixed order whatever
// order the engine built the objects in, so two runs can be diffed line by line.
import type { DriftReport, FieldChange, ResourceResult, SourceRef, TargetReport } from '../types.ts'

const REPORT_KEYS = ['apiVersion', 'kind', 'generatedAt', 'cluster', 'summary', 'targets'] as const
const CLUSTER_KEYS = ['server', 'context', 'version', 'warning'] as const
const SUMMARY_KEYS = [
  'resources',
  'inSync',
  'drifted',
  'missing',
  'extra',
  'errors',
  'ignored'
] as const
const TARGET_KEYS = ['name', 'renderer', 'path', 'comparison', 'notes', 'resources'] as const
const RESOURCE_KEYS = [
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
] as const
const SOURCE_KEYS = ['file', 'line', 'template'] as const
// live before desired: every rendering reads cluster → Git, what applying Git would do.
const CHANGE_KEYS = [
  'path',
  'reason',
  'live',
  'desired',
  'sensitive',
  'manager',
  'operation',
  'time'
] as const

export function toJson(report: DriftReport): string {
  const ordered = {
    ...pick(report, REPORT_KEYS),
    cluster: report.cluster && pick(report.cluster, CLUSTER_KEYS),
    summary: pick(report.summary, SUMMARY_KEYS),
    targets: report.targets.map(orderTarget)
  }
  return `${JSON.stringify(ordered, null, 2)}\n`
}

function orderTarget(target: TargetReport): Record<string, unknown> {
  return { ...pick(target, TARGET_KEYS), resources: target.resources.map(orderResource) }
}

function orderResource(resource: ResourceResult): Record<string, unknown> {
  return {
    ...pick(resource, RESOURCE_KEYS),
    source: resource.source && pick<SourceRef>(resource.source, SOURCE_KEYS),
    changes: resource.changes.map(change => pick<FieldChange>(change, CHANGE_KEYS))
  }
}

/**
 * The listed keys in the listed order, then any others (a newer engine's
 * fields) sorted by name, so nothing is dropped and the order is still fixed.
 * Field values (desired, live) keep their own order: it is the manifest's.
 */
function pick<T extends object>(value: T, keys: readonly string[]): Record<string, unknown> {
  const record = value as Record<string, unknown>
  const result: Record<string, unknown> = {}
  for (const key of keys) if (key in record) result[key] = record[key]
  const others = Object.keys(record)
    .filter(key => !keys.includes(key))
    .sort()
  for (const key of others) result[key] = record[key]
  return result
}
