// The command-line options that say how to reach the cluster and how hard to
// work, shared by every command that talks to it (check, reconcile).
import { DEFAULT_CONCURRENCY, DEFAULT_FIELD_MANAGER } from '../config/target.ts'
import type { KubeconfigSource } from '../cluster/kubeconfig.ts'
import { UsageError } from './usage-error.ts'

export const RUN_OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  'field-manager': { type: 'string', default: DEFAULT_FIELD_MANAGER },
  concurrency: { type: 'string', default: String(DEFAULT_CONCURRENCY) },
  timeout: { type: 'string', default: '30' },
  quiet: { type: 'boolean', short: 'q', default: false }
} as const

export const RUN_USAGE = `      --kubeconfig <file>    kubeconfig file (default: $KUBECONFIG, ~/.kube/config)
      --context <name>       kubeconfig context
      --field-manager <name> field manager of the server-side apply (default ${DEFAULT_FIELD_MANAGER})
      --concurrency <n>      requests in flight (default ${DEFAULT_CONCURRENCY})
      --timeout <seconds>    per-request timeout (default 30)
  -q, --quiet                no progress on stderr`

export interface RunOptionValues {
  kubeconfig?: string
  context?: string
  'field-manager': string
  concurrency: string
  timeout: string
  quiet: boolean
}

export interface RunSettings {
  kubeconfig: KubeconfigSource
  fieldManager: string
  concurrency: number
  timeoutMs: number
  progress?: (message: string) => void
}

export function runSettingsOf(values: RunOptionValues): RunSettings {
  return {
    kubeconfig: { path: values.kubeconfig, context: values.context },
    fieldManager: values['field-manager'],
    concurrency: positiveInt(values.concurrency, '--concurrency'),
    timeoutMs: positiveInt(values.timeout, '--timeout') * 1000,
    progress: values.quiet ? undefined : message => process.stderr.write(`kube-drift: ${message}\n`)
  }
}

export function positiveInt(value: string, flag: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`${flag} must be a positive integer (got "${value}")`)
  }
  return n
}
