// The command-line interface: the same run as the action, with terminal output.
// Exit codes follow terraform plan -detailed-exitcode: 0 in sync, 2 drift, 1 error.
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { loadTargets } from '../config/load-targets.ts'
import { DEFAULT_CONCURRENCY, DEFAULT_FIELD_MANAGER } from '../config/target.ts'
import { exitCodeOf, runCheck } from '../engine/check.ts'
import { toJson } from '../report/json.ts'
import { toMarkdown } from '../report/markdown.ts'
import { toText } from '../report/text.ts'
import type { DriftReport } from '../types.ts'

export const USAGE = `Usage: kube-drift check --path <dir|file|glob> [options]

Compares Kubernetes manifests with the live cluster and reports drift.

Options:
  -p, --path <path>          manifests: file, directory (recursive) or glob; repeatable
      --kubeconfig <file>    kubeconfig file (default: $KUBECONFIG, ~/.kube/config)
      --context <name>       kubeconfig context
  -n, --namespace <ns>       namespace for objects that do not name one
  -l, --selector <labels>    label selector of objects that belong to the manifests;
                             objects carrying it that Git does not have are Extra
      --ignore <file>        YAML file of ignore rules (paths, managers, scope)
      --field-manager <name> field manager of the server-side dry-run (default ${DEFAULT_FIELD_MANAGER})
      --concurrency <n>      requests in flight (default ${DEFAULT_CONCURRENCY})
      --timeout <seconds>    per-request timeout (default 30)
      --always-dry-run       send every object to the server's dry-run, even those
                             the local comparison proves in sync
  -o, --output <format>      text | json | markdown (default text)
      --out <file>           write the report to a file instead of stdout
      --no-color             plain text output
  -q, --quiet                no progress on stderr
  -h, --help                 this help

Exit codes: 0 in sync, 2 drift found, 1 error.`

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return command ? 0 : 1
  }
  if (command !== 'check') {
    process.stderr.write(`kube-drift: unknown command "${command}"\n\n${USAGE}\n`)
    return 1
  }
  const { values } = parseArgs({
    args: rest,
    allowPositionals: false,
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
      output: { type: 'string', short: 'o', default: 'text' },
      out: { type: 'string' },
      'no-color': { type: 'boolean', default: false },
      'always-dry-run': { type: 'boolean', default: false },
      quiet: { type: 'boolean', short: 'q', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const paths = values.path ?? []
  if (paths.length === 0) throw new UsageError('--path is required')
  const output = values.output
  if (output !== 'text' && output !== 'json' && output !== 'markdown') {
    throw new UsageError(`--output must be text, json or markdown (got "${output}")`)
  }
  const concurrency = positiveInt(values.concurrency, '--concurrency')
  const timeoutSeconds = positiveInt(values.timeout, '--timeout')
  const targets = await loadTargets({
    cwd: process.cwd(),
    paths,
    namespace: values.namespace,
    selector: values.selector,
    ignoreFile: values.ignore
  })
  const progress = values.quiet
    ? undefined
    : (message: string) => process.stderr.write(`kube-drift: ${message}\n`)
  const started = performance.now()
  const { report, requests } = await runCheck({
    kubeconfig: { path: values.kubeconfig, context: values.context },
    targets,
    fieldManager: values['field-manager'],
    concurrency,
    cwd: process.cwd(),
    timeoutMs: timeoutSeconds * 1000,
    fastPath: !values['always-dry-run'],
    progress
  })
  if (process.env.KUBE_DRIFT_STATS) {
    // For the benchmark: what this run cost, as one JSON line on stderr.
    const stats = {
      requests,
      seconds: (performance.now() - started) / 1000,
      maxRssKiB: process.resourceUsage().maxRSS
    }
    process.stderr.write(`kube-drift-stats ${JSON.stringify(stats)}\n`)
  }
  const color =
    !values['no-color'] && !values.out && process.stdout.isTTY === true && !process.env.NO_COLOR
  const rendered = format(report, output, color)
  if (values.out) await writeFile(values.out, rendered)
  else process.stdout.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`)
  return exitCodeOf(report)
}

function format(report: DriftReport, output: 'text' | 'json' | 'markdown', color: boolean): string {
  if (output === 'json') return toJson(report)
  if (output === 'markdown') return toMarkdown(report, {})
  return toText(report, { color })
}

export class UsageError extends Error {}

function positiveInt(value: string, flag: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} must be a positive integer (got "${value}")`)
  return n
}
