// What to do about the drift, under the table: make the cluster match Git
// (reconcile), keep the cluster's values (adopt writes them into Git), or ignore
// the difference (the exact rule, in .kube-drift.yaml syntax). The commands name
// the target the way the CLI selects it.
import type { FieldChange, ResourceResult, TargetReport } from '../types.ts'
import { groupOf } from '../util/resource-identity.ts'
import { codeSpan, fencedBlock } from './markdown-text.ts'
import { isIntroduced } from './origin.ts'

/** Paths named in the example ignore rule; one rule can list them all, but the example stays short. */
const PATHS_IN_RULE = 3

export interface NextSteps {
  /** `kube-drift reconcile --target web` */
  reconcile: string
  /** `kube-drift adopt --target web --only Deployment/web/api`, when something drifted. */
  adopt?: string
  /** an ignore rule for the first drifted resource, as YAML list item. */
  ignoreRule?: string
}

/** Undefined when nothing drifted (errors alone call for fixing the error, not for these steps). */
export function nextSteps(
  target: TargetReport,
  notInSync: ResourceResult[]
): NextSteps | undefined {
  const drifted = notInSync.filter(resource => resource.status !== 'Error')
  if (drifted.length === 0) return undefined
  // The PR's own drift goes away when the PR is deployed, and adopt never writes a
  // Secret's values: the example is drift from before the PR, not a Secret, if any.
  const candidates = drifted.filter(resource => resource.status === 'Drifted')
  const example =
    candidates.find(resource => resource.kind !== 'Secret' && hasOwnChanges(resource)) ??
    candidates.find(hasOwnChanges) ??
    candidates[0]
  const select = targetArguments(target)
  return {
    reconcile: `kube-drift reconcile ${select}`,
    ...(example
      ? {
          adopt: adoptCommand(select, example),
          ...optional('ignoreRule', ignoreRule(example))
        }
      : {})
  }
}

/** A change not brought by the PR (the PR's own ones are deployed with it). */
function hasOwnChanges(resource: ResourceResult): boolean {
  return !isIntroduced(resource) || resource.changes.some(change => change.origin !== 'introduced')
}

/** The Markdown list of next steps, or undefined when there is nothing to do. */
export function nextStepsBlock(
  target: TargetReport,
  notInSync: ResourceResult[]
): string | undefined {
  const steps = nextSteps(target, notInSync)
  if (!steps) return undefined
  const code = (text: string): string => codeSpan(text, { inTable: false })
  const lines = [
    '**Next steps**',
    `- **Make the cluster match Git**: ${code(steps.reconcile)} (add ${code('--dry-run')} to see what it would change first), or run the action with ${code('mode: reconcile')}.`
  ]
  if (steps.adopt) {
    lines.push(
      `- **Keep the cluster's values**: ${code(steps.adopt)} writes the live values into the manifests.`
    )
  }
  if (!steps.ignoreRule) return lines.join('\n')
  lines.push(
    `- **Ignore the difference**: add this rule to the target's ${code('ignore:')} list in ${code('.kube-drift.yaml')} (or to the action's ${code('ignore')} input):`
  )
  return `${lines.join('\n')}\n\n${fencedBlock(steps.ignoreRule, 'yaml')}`
}

/** `--target web` for a target of .kube-drift.yaml; `--path deploy/` for one given by path. */
function targetArguments(target: TargetReport): string {
  return target.name === target.path
    ? `--path ${shellWord(target.path)}`
    : `--target ${shellWord(target.name)}`
}

/**
 * Adopt the resource's drift; when the PR changes some of its fields, only the
 * others (`--field`), so adopting never undoes the pull request.
 */
function adoptCommand(select: string, resource: ResourceResult): string {
  const only = `kube-drift adopt ${select} --only ${shellWord(adoptName(resource))}`
  if (!resource.changes.some(change => change.origin === 'introduced')) return only
  const fields = resource.changes
    .filter(change => change.origin !== 'introduced' && change.path !== '')
    .map(change => ` --field ${shellWord(change.path)}`)
  return `${only}${fields.join('')}`
}

/** `Deployment/web/api`, `ClusterRole/admin`: the form adopt's --only takes. */
function adoptName(resource: ResourceResult): string {
  return [resource.kind, resource.namespace, resource.name].filter(Boolean).join('/')
}

/** The rule that silences this resource's listed changes, scoped to it alone. */
function ignoreRule(resource: ResourceResult): string | undefined {
  const paths = resource.changes
    .filter((change: FieldChange) => change.origin !== 'introduced')
    .map(change => change.path)
    .filter(path => path !== '')
    .slice(0, PATHS_IN_RULE)
  const group = groupOf(resource.apiVersion)
  const scope: [string, string | undefined][] = [
    ['group', group === '' ? undefined : group],
    ['kind', resource.kind],
    ['namespace', resource.namespace],
    ['name', resource.name]
  ]
  const lines = scope
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}: ${yamlString(value)}`)
  // No path listed (drift seen only in the diff): no rule would be exact, so none is offered.
  if (paths.length === 0) return undefined
  lines.push(`paths: [${paths.map(yamlString).join(', ')}]`)
  return lines.map((line, index) => `${index === 0 ? '- ' : '  '}${line}`).join('\n')
}

/** A plain word when YAML reads it as the same string, else a JSON string (valid YAML). */
function yamlString(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value) &&
    !/^(true|false|yes|no|on|off|null|~|[0-9.eE+-]+)$/i.test(value)
    ? value
    : JSON.stringify(value)
}

/** Safe to paste into a shell. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9._/:=@+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>)
}
