// Reads and validates the action's inputs in one place, with errors that name
// the input. Defaults are the ones action.yml declares, repeated here because
// a runner-less start (tests, @github/local-action) sets no INPUT_ variable.
import * as core from '@actions/core'
import { decodeKubeconfigData } from '../cluster/kubeconfig.ts'
import { loadTargets, type TargetRequest } from '../config/load-targets.ts'
import { DEFAULT_CONCURRENCY, DEFAULT_FIELD_MANAGER } from '../config/target.ts'
import type { Renderer, Target } from '../config/target.ts'
import { maskKubeconfig } from '../config/mask-kubeconfig.ts'
import { HELM_LOOKUP_SETTINGS, helmLookupEnabled } from '../config/helm-lookup-policy.ts'
import { SEVERITIES, isSeverity } from '../drift/lifecycle/threshold.ts'
import type { FailOnDrift } from '../report/verdict.ts'

export type ActionMode = 'detect' | 'reconcile' | 'list'
export type CommentSetting = 'auto' | 'always' | 'on-drift' | 'never'
export type IssueSetting = 'auto' | 'true' | 'false'

export interface ActionInputs {
  workspace: string
  mode: ActionMode
  /** the kubeconfig text (decoded from base64 when it was); undefined: use $KUBECONFIG. */
  kubeconfig?: string
  context?: string
  /** how the targets were asked for, to load them again at a pull request's base commit. */
  targetRequest: TargetRequest
  targets: Target[]
  fieldManager: string
  concurrency: number
  /** introduced: fail only on drift a pull request brings (every drift counts where that is unknown). */
  failOnDrift: FailOnDrift
  comment: CommentSetting
  issue: IssueSetting
  issueLabels: string[]
  githubToken?: string
  prune: boolean
  dryRun: boolean
  forceConflicts: boolean
  allowOnPullRequest: boolean
}

const RENDERERS = ['auto', 'plain', 'kustomize', 'helm'] as const
const MODES = ['detect', 'reconcile', 'list'] as const
const COMMENT = ['auto', 'always', 'on-drift', 'never'] as const
const ISSUE = ['auto', 'true', 'false'] as const

/** `eventName`: the run's event (GITHUB_EVENT_NAME), which decides `helm-lookup: auto`. */
export async function readActionInputs(
  workspace: string,
  eventName: string = process.env.GITHUB_EVENT_NAME ?? ''
): Promise<ActionInputs> {
  const mode = choice('mode', MODES, 'detect')
  const kubeconfig = readKubeconfig(mode)
  const concurrencyText = input('concurrency') || String(DEFAULT_CONCURRENCY)
  const concurrency = Number(concurrencyText)
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`input "concurrency" must be a positive integer (got "${concurrencyText}")`)
  }
  const issueLabels = list('issue-labels')
  if (issueLabels.length === 0) issueLabels.push('kube-drift')
  const ignoreText = input('ignore')
  const helmValues = list('helm-values')
  const targetRequest: TargetRequest = {
    cwd: workspace,
    paths: core.getMultilineInput('path').filter(Boolean),
    configPath: input('config') || undefined,
    target: input('target') || undefined,
    renderer: choice('renderer', RENDERERS, 'auto') as Renderer | 'auto',
    namespace: input('namespace') || undefined,
    selector: input('selector') || undefined,
    ignore: ignoreText ? { text: ignoreText, origin: 'input "ignore"' } : undefined,
    ...(input('helm-release') ? { helmRelease: input('helm-release') } : {}),
    ...(helmValues.length > 0 ? { helmValues } : {}),
    helmReleaseSource: 'input "helm-release"',
    // The repository may be hostile: its paths stay inside the workspace unless allowed.
    confineToCwd: !flag('allow-path-outside-workspace', false),
    allowRemoteBases: flag('kustomize-remote-bases', false),
    helmLookup: helmLookupEnabled(choice('helm-lookup', HELM_LOOKUP_SETTINGS, 'auto'), eventName)
  }
  const targets = await loadTargets(targetRequest)
  const githubToken = input('github-token') || process.env.GITHUB_TOKEN || undefined
  if (githubToken) core.setSecret(githubToken)
  return {
    workspace,
    mode,
    kubeconfig,
    context: input('context') || undefined,
    targetRequest,
    targets,
    fieldManager: input('field-manager') || DEFAULT_FIELD_MANAGER,
    concurrency,
    failOnDrift: failOnDriftInput(),
    comment: choice('comment', COMMENT, 'auto'),
    issue: choice('issue', ISSUE, 'auto'),
    issueLabels,
    githubToken,
    prune: flag('prune', false),
    dryRun: flag('dry-run', false),
    forceConflicts: flag('force-conflicts', false),
    allowOnPullRequest: flag('allow-on-pull-request', false)
  }
}

/** The kubeconfig input, masked whole and credential by credential before anything can print it. */
function readKubeconfig(mode: ActionMode): string | undefined {
  const raw = core.getInput('kubeconfig')
  if (!raw) {
    if (mode !== 'list' && !process.env.KUBECONFIG) {
      throw new Error('input "kubeconfig" is required when KUBECONFIG is not set')
    }
    return undefined
  }
  core.setSecret(raw)
  const text = decodeKubeconfigData(raw)
  core.setSecret(text)
  for (const secret of maskKubeconfig(text)) core.setSecret(secret)
  return text
}

function input(name: string): string {
  return core.getInput(name)
}

/** Comma- or newline-separated values. */
function list(name: string): string[] {
  return input(name)
    .split(/[,\n]/)
    .map(value => value.trim())
    .filter(Boolean)
}

function choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = input(name).toLowerCase() || fallback
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`input "${name}" must be one of ${allowed.join(', ')} (got "${input(name)}")`)
  }
  return value as T
}

/** A YAML 1.2 boolean as core.getBooleanInput reads it, but with a default when unset. */
export type { FailOnDrift } from '../report/verdict.ts'

function failOnDriftInput(): FailOnDrift {
  const value = input('fail-on-drift')
  if (value === 'introduced') return 'introduced'
  // A severity threshold: fail only on drift that severe or worse (drift/lifecycle/severity.ts).
  if (isSeverity(value)) return value
  if (value && !['true', 'True', 'TRUE', 'false', 'False', 'FALSE'].includes(value)) {
    throw new Error(
      `input "fail-on-drift" must be true, false, introduced, ${SEVERITIES.join(', ')} (got "${value}")`
    )
  }
  return flag('fail-on-drift', false)
}

function flag(name: string, fallback: boolean): boolean {
  const value = input(name)
  if (!value) return fallback
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw new Error(`input "${name}" must be true or false (got "${value}")`)
}
