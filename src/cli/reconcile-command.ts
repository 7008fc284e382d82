// `kube-drift reconcile`: detect, apply Git's state to what drifted or is
// missing, optionally prune, detect again. Exit 0 when in sync afterwards,
// 2 when a dry run would change something, 1 on any failure.
import { parseArgs } from 'node:util'
import { loadTargets } from '../config/load-targets.ts'
import { DEFAULT_CONCURRENCY, DEFAULT_FIELD_MANAGER } from '../config/target.ts'
import { runReconcile } from '../reconcile/index.ts'
import type { ReconcileResult } from '../reconcile/index.ts'
import { reconcileToMarkdown } from '../report/reconcile-markdown.ts'
import { reconcileToText } from '../report/reconcile-text.ts'

export const RECONCILE_USAGE = `Usage: kube-drift reconcile --path <dir|file|glob> [options]

Applies the manifests to what drifted or is missing (server-side apply; Namespaces
and CRDs first), removes fields Git does not have, optionally prunes, then checks again.

Options (and those of check: --kubeconfig, --context, --namespace, --selector, --ignore,
--field-manager, --concurrency, --timeout):
      --dry-run                  show what would change, change nothing
      --prune                    delete Extra objects (needs --selector)
      --allow-prune <Kind/name>  also prune this Namespace or CRD; repeatable
      --force-conflicts <bool>   take fields other managers own (default true)
  -o, --output <format>          text | json | markdown (default text)
  -q, --quiet                    no progress on stderr`

export async function reconcileCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      path: { type: 'string', short: 'p', multiple: true },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      selector: { type: 'string', short: 'l' },
      ignore: { type: 'string' },
      'field-manager': { type: 'string', default: DEFAULT_FIELD_MANAGER },
      concurrency: { type: 'string', default: String(DEFAULT_CONCURRENCY) },
      timeout: { type: 'string', default: '30' },
      'dry-run': { type: 'boolean', default: false },
      prune: { type: 'boolean', default: false },
      'allow-prune': { type: 'string', multiple: true },
      'force-conflicts': { type: 'string', default: 'true' },
      output: { type: 'string', short: 'o', default: 'text' },
      quiet: { type: 'boolean', short: 'q', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    process.stdout.write(`${RECONCILE_USAGE}\n`)
    return 0
  }
  if (!values.path?.length) throw new Error('--path is required')
  if (!['true', 'false'].includes(values['force-conflicts'])) {
    throw new Error(`--force-conflicts must be true or false (got "${values['force-conflicts']}")`)
  }
  const targets = await loadTargets({
    cwd: process.cwd(),
    paths: values.path,
    namespace: values.namespace,
    selector: values.selector,
    ignoreFile: values.ignore
  })
  const result = await runReconcile({
    kubeconfig: { path: values.kubeconfig, context: values.context },
    targets,
    fieldManager: values['field-manager'],
    concurrency: Number(values.concurrency) || DEFAULT_CONCURRENCY,
    timeoutMs: (Number(values.timeout) || 30) * 1000,
    cwd: process.cwd(),
    dryRun: values['dry-run'],
    prune: values.prune,
    allowPrune: values['allow-prune'] ?? [],
    forceConflicts: values['force-conflicts'] === 'true',
    event: process.env.GITHUB_EVENT_NAME,
    progress: values.quiet ? undefined : message => process.stderr.write(`kube-drift: ${message}\n`)
  })
  process.stdout.write(formatResult(result, values.output))
  return reconcileExitCode(result)
}

function formatResult(result: ReconcileResult, output: string): string {
  if (output === 'json') {
    const document = { apiVersion: 'kube-drift/v1', kind: 'ReconcileReport', ...result }
    return `${JSON.stringify(document, null, 2)}\n`
  }
  if (output === 'markdown') return reconcileToMarkdown(result)
  return reconcileToText(result)
}

export function reconcileExitCode(result: ReconcileResult): 0 | 1 | 2 {
  if (result.failed > 0) return 1
  if (result.dryRun) return result.actions.length > 0 ? 2 : 0
  const s = result.after?.summary
  if (!s) return 0
  if (s.errors > 0) return 1
  return s.drifted + s.missing + s.extra > 0 ? 2 : 0
}
