// `kube-drift reconcile`: detect, apply Git's state to what drifted or is
// missing, optionally prune, detect again. Exit 0 when in sync afterwards,
// 2 when a dry run would change something, 1 on any failure.
import { parseArgs } from 'node:util'
import { loadTargets } from '../config/load-targets.ts'
import { runReconcile } from '../reconcile/index.ts'
import type { ReconcileResult } from '../reconcile/index.ts'
import { reconcileToMarkdown } from '../report/reconcile-markdown.ts'
import { reconcileToText } from '../report/reconcile-text.ts'
import { reconcileVerdict } from '../report/verdict.ts'
import { RUN_OPTIONS, RUN_USAGE, runSettingsOf } from './run-options.ts'
import { TARGET_OPTIONS, TARGET_USAGE, targetRequestOf } from './target-options.ts'
import { UsageError } from './usage-error.ts'

export const RECONCILE_USAGE = `Usage: kube-drift reconcile [--path <path>... | --config <file>] [options]

Applies the manifests to what drifted or is missing (server-side apply; Namespaces
and CRDs first), removes fields Git does not have, optionally prunes, then checks again.

Options:
${TARGET_USAGE}
${RUN_USAGE}
      --dry-run              show what would change, change nothing
      --prune                delete Extra objects (needs --selector)
      --allow-prune <Kind/name>  also prune this Namespace or CRD; repeatable
      --force-conflicts <bool>   take fields other managers own (default true)
  -o, --output <format>      text | json | markdown (default text)
  -h, --help                 this help

Exit codes: 0 in sync afterwards, 2 a dry run would change something, 1 any failure.`

export async function reconcileCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      ...TARGET_OPTIONS,
      ...RUN_OPTIONS,
      'dry-run': { type: 'boolean', default: false },
      prune: { type: 'boolean', default: false },
      'allow-prune': { type: 'string', multiple: true },
      'force-conflicts': { type: 'string', default: 'true' },
      output: { type: 'string', short: 'o', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    process.stdout.write(`${RECONCILE_USAGE}\n`)
    return 0
  }
  if (!['true', 'false'].includes(values['force-conflicts'])) {
    throw new UsageError(
      `--force-conflicts must be true or false (got "${values['force-conflicts']}")`
    )
  }
  if (!['text', 'json', 'markdown'].includes(values.output)) {
    throw new UsageError(`--output must be text, json or markdown (got "${values.output}")`)
  }
  const targets = await loadTargets(targetRequestOf(values, process.cwd()))
  const result = await runReconcile({
    ...runSettingsOf(values),
    targets,
    cwd: process.cwd(),
    dryRun: values['dry-run'],
    prune: values.prune,
    allowPrune: values['allow-prune'] ?? [],
    forceConflicts: values['force-conflicts'] === 'true',
    event: process.env.GITHUB_EVENT_NAME
  })
  process.stdout.write(formatResult(result, values.output))
  return reconcileVerdict(result).code
}

function formatResult(result: ReconcileResult, output: string): string {
  if (output === 'json') {
    const document = { apiVersion: 'kube-drift/v1', kind: 'ReconcileReport', ...result }
    return `${JSON.stringify(document, null, 2)}\n`
  }
  if (output === 'markdown') return reconcileToMarkdown(result)
  return reconcileToText(result)
}
