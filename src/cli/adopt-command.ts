// `kube-drift adopt`: write the live values of drifted fields into Git (the
// source files, a kustomize overlay patch; Helm: a suggested values edit), then
// check again. Exit 0 when everything selected was adopted and is in sync, 1 on
// any error or a field that could not be adopted, 2 for a usage error.
import { parseArgs } from 'node:util'
import { runAdopt } from '../adopt/index.ts'
import type { AdoptOutcome } from '../adopt/index.ts'
import { parseField, parseOnly } from '../adopt/select.ts'
import { loadTargets } from '../config/load-targets.ts'
import { adoptToMarkdown } from '../report/adopt-markdown.ts'
import { adoptToText } from '../report/adopt-text.ts'
import { adoptVerdict } from '../report/verdict.ts'
import { RUN_OPTIONS, RUN_USAGE, runSettingsOf } from './run-options.ts'
import { TARGET_OPTIONS, TARGET_USAGE, targetRequestOf } from './target-options.ts'
import { UsageError } from './usage-error.ts'

export const ADOPT_USAGE = `Usage: kube-drift adopt [--path <path>... | --config <file>] [options]

Writes the live values of drifted fields into the manifests they came from, keeping
comments, key order and quoting; fields added in the cluster are added, fields removed
there are removed. Kustomize: a JSON6902 patch in the target's own folder (the overlay),
never in a base. Helm: prints the values edit to make and writes nothing. Secret values
are never written. Then checks again.

Options:
${TARGET_USAGE}
${RUN_USAGE}
      --only <Kind/namespace/name>  only this resource (Kind/name when cluster-scoped);
                             repeatable
      --field <JSON Pointer> only this field and what is under it (/spec/replicas);
                             repeatable
      --include-extra <dir>  write objects found only in the cluster as new files in <dir>
      --dry-run              print the changes as a diff, write nothing
  -o, --output <format>      text | json | markdown (default text)
  -h, --help                 this help

Exit codes: 0 adopted and in sync, 1 an error or a field that could not be adopted,
2 a usage error.`

const ADOPT_OPTIONS = {
  ...TARGET_OPTIONS,
  ...RUN_OPTIONS,
  only: { type: 'string', multiple: true },
  field: { type: 'string', multiple: true },
  'include-extra': { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  output: { type: 'string', short: 'o', default: 'text' },
  help: { type: 'boolean', short: 'h', default: false }
} as const

export async function adoptCommand(args: string[]): Promise<number> {
  const cwd = process.cwd()
  let parsed
  try {
    const { values } = parseArgs({ args, allowPositionals: false, options: ADOPT_OPTIONS })
    if (!['text', 'json', 'markdown'].includes(values.output)) {
      throw new UsageError(`--output must be text, json or markdown (got "${values.output}")`)
    }
    for (const only of values.only ?? []) parseOnly(only)
    for (const field of values.field ?? []) parseField(field)
    parsed = { values, settings: runSettingsOf(values), request: targetRequestOf(values, cwd) }
  } catch (error) {
    // A usage error is exit 2 here (1 says a field could not be adopted).
    process.stderr.write(`kube-drift: error: ${(error as Error).message}\n\n${ADOPT_USAGE}\n`)
    return 2
  }
  const { values, settings, request } = parsed
  if (values.help) {
    process.stdout.write(`${ADOPT_USAGE}\n`)
    return 0
  }
  const outcomes = await runAdopt({
    ...settings,
    targets: await loadTargets(request),
    cwd,
    workspace: cwd,
    only: values.only,
    fields: values.field,
    includeExtra: values['include-extra'],
    dryRun: values['dry-run']
  })
  process.stdout.write(formatOutcomes(outcomes, values.output))
  return adoptVerdict(outcomes).code
}

function formatOutcomes(outcomes: AdoptOutcome[], output: string): string {
  if (output === 'json') {
    const document = { apiVersion: 'kube-drift/v1', kind: 'AdoptReport', targets: outcomes }
    return `${JSON.stringify(document, null, 2)}\n`
  }
  if (output === 'markdown') return adoptToMarkdown(outcomes)
  return adoptToText(outcomes)
}
