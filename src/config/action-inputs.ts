// Reads and validates the action's inputs in one place, with errors that name the input.
import * as core from '@actions/core'
import { decodeKubeconfigData } from '../cluster/kubeconfig.ts'
import { loadTargets } from './load-targets.ts'
import { DEFAULT_CONCURRENCY, DEFAULT_FIELD_MANAGER } from './target.ts'
import type { Target } from './target.ts'
import { maskKubeconfig } from './mask-kubeconfig.ts'

export interface ActionInputs {
  workspace: string
  kubeconfig?: string
  context?: string
  targets: Target[]
  fieldManager: string
  concurrency: number
  failOnDrift: boolean
}

export async function readActionInputs(workspace: string): Promise<ActionInputs> {
  const rawKubeconfig = core.getInput('kubeconfig')
  let kubeconfig: string | undefined
  if (rawKubeconfig) {
    core.setSecret(rawKubeconfig)
    kubeconfig = decodeKubeconfigData(rawKubeconfig)
    for (const secret of maskKubeconfig(kubeconfig)) core.setSecret(secret)
  } else if (!process.env.KUBECONFIG) {
    throw new Error('input "kubeconfig" is required when KUBECONFIG is not set')
  }
  const paths = core.getMultilineInput('path').filter(Boolean)
  const ignoreText = core.getInput('ignore')
  const concurrencyText = core.getInput('concurrency') || String(DEFAULT_CONCURRENCY)
  const concurrency = Number(concurrencyText)
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`input "concurrency" must be a positive integer (got "${concurrencyText}")`)
  }
  const targets = await loadTargets({
    cwd: workspace,
    paths,
    namespace: core.getInput('namespace') || undefined,
    selector: core.getInput('selector') || undefined,
    ignore: ignoreText ? { text: ignoreText, origin: 'input "ignore"' } : undefined
  })
  return {
    workspace,
    kubeconfig,
    context: core.getInput('context') || undefined,
    targets,
    fieldManager: core.getInput('field-manager') || DEFAULT_FIELD_MANAGER,
    concurrency,
    failOnDrift: core.getBooleanInput('fail-on-drift')
  }
}
