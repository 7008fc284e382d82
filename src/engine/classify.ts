// Severity and cause for every change of a target, in one pass after the
// comparison (ignore rules applied, lookup gaps folded in) and before any report.
// The dry-run's answer goes along so the pass can tell an admission mutation apart.
import { normalizeObject } from '../drift/index.ts'
import { classifyResult } from '../drift/lifecycle/index.ts'
import type { ResourceResult, SeverityOverride } from '../types.ts'
import type { DetectedResource } from './detection.ts'

export function classifyResults(
  results: readonly ResourceResult[],
  detected: readonly DetectedResource[],
  options: { fieldManager: string; overrides?: readonly SeverityOverride[] }
): ResourceResult[] {
  return results.map((result, i) => {
    const basis = detected[i]
    const predicted = basis?.predicted
    const git = basis?.placed?.side.normalized
    const dryRun =
      result.method === 'server' && predicted && git && result.status === 'Drifted'
        ? { git, predicted: normalizeObject(predicted) }
        : undefined
    return classifyResult(result, {
      fieldManager: options.fieldManager,
      ...(options.overrides ? { overrides: options.overrides } : {}),
      ...(dryRun ? { dryRun } : {})
    })
  })
}
