// The command-line interface: the same run as the action, with terminal output.
// Exit codes follow terraform plan -detailed-exitcode: 0 in sync, 2 drift, 1 error.
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { loadTargets } from '../config/load-targets.ts'
import { adoptCommand } from './adopt-command.ts'
import { reconcileCommand } from './reconcile-command.ts'
import { RUN_OPTIONS, RUN_USAGE, runSettingsOf } from './run-options.ts'
import { UsageError } from './usage-error.ts'

export { UsageError } from './usage-error.ts'
import type { Target } from '../config/target.ts'
import { runCheck } from '../engine/check.ts'
import { applyStateFile } from './state-file.ts'
import { severityVerdict } from '../report/verdict.ts'
import { SEVERITIES, isSeverity } from '../drift/lifecycle/threshold.ts'
import { suggestionsText } from '../report/suggestions.ts'
import { toJson } from '../report/json.ts'
import { toMarkdown } from '../report/markdown.ts'
import { toText } from '../report/text.ts'
import type { DriftReport } from '../types.ts'
import { secrets } from '../util/secret-scrubber.ts'
import { TARGET_OPTIONS, TARGET_USAGE, targetRequestOf } from './target-options.ts'
import { VERSION } from './version.ts'

export const USAGE = `Usage: kube-drift check [--path <path>... | --config <file>] [options]
       kube-drift reconcile [--path <path>... | --config <file>] [options]   (see reconcile --help)
       kube-drift adopt [--path <path>... | --config <file>] [options]       (see adopt --help)
       kube-drift targets [--path <path>... | --config <file>] [--json]

check      compares Kubernetes manifests with the live cluster and reports drift.
reconcile  applies the manifests to what drifted or is missing, then checks again.
adopt      writes the live values of drifted fields into the manifests (accepts the
           drift into Git), then checks again.
targets    lists the targets check would compare (renderer, paths, helm release), without
           touching a cluster.

Options:
${TARGET_USAGE}
${RUN_USAGE}
      --always-dry-run       send every object to the server's dry-run, even those
                             the local comparison proves in sync
      --fail-on-drift <severity>
                             exit 2 only for drift that severe or worse (critical, high,
                             medium, low); milder drift exits 0
      --suggest-ignores      print the suggested ignore rules (drift a controller or an
                             admission webhook makes) as YAML for .kube-drift.yaml's ignore:
  -o, --output <format>      text | json | markdown (default text)
      --out <file>           write the report to a file instead of stdout
      --state <file>         drift history: read, then written (first seen, new, resolved)
      --no-color             plain text output
      --json                 (targets) the targets as JSON
  -h, --help                 this help
      --version              print the version of kube-drift

Exit codes: 0 in sync, 2 drift found (with --fail-on-drift: drift that severe), 1 error.`

type Command = (args: string[]) => Promise<number>

/** One line per command. */
const COMMANDS: Record<string, Command> = {
  check: checkCommand,
  reconcile: reconcileCommand,
  adopt: adoptCommand,
  targets: targetsCommand
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return command ? 0 : 1
  }
  if (command === '--version' || command === 'version') {
    process.stdout.write(`${VERSION}\n`)
    return 0
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined
  if (!run) {
    process.stderr.write(`kube-drift: unknown command "${command}"\n\n${USAGE}\n`)
    return 1
  }
  return run(rest)
}

async function checkCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      ...TARGET_OPTIONS,
      ...RUN_OPTIONS,
      output: { type: 'string', short: 'o', default: 'text' },
      out: { type: 'string' },
      state: { type: 'string' },
      'no-color': { type: 'boolean', default: false },
      'always-dry-run': { type: 'boolean', default: false },
      'fail-on-drift': { type: 'string' },
      'suggest-ignores': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const threshold = values['fail-on-drift']
  if (threshold !== undefined && !isSeverity(threshold)) {
    throw new UsageError(
      `--fail-on-drift must be one of ${SEVERITIES.join(', ')} (got "${threshold}")`
    )
  }
  const output = values.output
  if (output !== 'text' && output !== 'json' && output !== 'markdown') {
    throw new UsageError(`--output must be text, json or markdown (got "${output}")`)
  }
  const settings = runSettingsOf(values)
  const targets = await loadTargets(targetRequestOf(values, process.cwd()))
  const started = performance.now()
  const checked = await runCheck({
    ...settings,
    targets,
    cwd: process.cwd(),
    fastPath: !values['always-dry-run']
  })
  const { requests } = checked
  // --state: the history; the rules suggested then are for drift an earlier run saw too.
  const history = values.state
    ? await applyStateFile(values.state, checked.report, message =>
        process.stderr.write(`kube-drift: warning: ${message}\n`)
      )
    : undefined
  const report = history?.report ?? checked.report
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
  // --suggest-ignores prints the rules instead of the report (nothing is applied).
  const rendered = values['suggest-ignores']
    ? suggestionsText(report, history?.seenBefore)
    : format(report, output, color)
  // The report file is an edge like stdout (scrubbed in cli.ts): scrubbed of the run's secrets.
  if (values.out) await writeFile(values.out, secrets.scrub(rendered))
  else process.stdout.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`)
  return severityVerdict(report, threshold).code
}

/** Lists the targets (detected renderers and defaults filled in), touching no cluster. */
async function targetsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      ...TARGET_OPTIONS,
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const targets = await loadTargets(targetRequestOf(values, process.cwd()))
  process.stdout.write(
    values.json ? `${JSON.stringify(targets, null, 2)}\n` : targets.map(describeTarget).join('')
  )
  return 0
}

function describeTarget(target: Target): string {
  const details = [
    target.namespace && `namespace ${target.namespace}`,
    target.context && `context ${target.context}`,
    target.helm && `release ${target.helm.release}`,
    ...(target.helm?.values ?? []).map(file => `values ${file}`)
  ].filter(Boolean)
  const suffix = details.length > 0 ? ` (${details.join(', ')})` : ''
  return `${target.name}: ${target.renderer} ${target.paths.join(', ')}${suffix}\n`
}

function format(report: DriftReport, output: 'text' | 'json' | 'markdown', color: boolean): string {
  if (output === 'json') return toJson(report)
  if (output === 'markdown') return toMarkdown(report, {})
  return toText(report, { color })
}
