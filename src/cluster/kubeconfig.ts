// Loads a kubeconfig from a file, a raw string or base64, and selects a context.
import { KubeConfig } from '@kubernetes/client-node'

export interface KubeconfigSource {
  /** path of a kubeconfig file; falls back to $KUBECONFIG then ~/.kube/config. */
  path?: string
  /** the kubeconfig itself, raw YAML or base64 (the form a GitHub secret often has). */
  data?: string
  context?: string
}

export interface LoadedKubeconfig {
  kc: KubeConfig
  context: string
  server: string
}

/** Accepts raw YAML/JSON or base64 of it; secrets are pasted both ways. */
export function decodeKubeconfigData(data: string): string {
  const trimmed = data.trim()
  if (/^(apiVersion|kind|clusters|contexts|users|current-context|preferences)\s*:/m.test(trimmed)) {
    return trimmed
  }
  if (trimmed.startsWith('{')) return trimmed
  if (/^[A-Za-z0-9+/=\s_-]+$/.test(trimmed)) {
    const decoded = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64').toString('utf8')
    if (/clusters\s*:|"clusters"/.test(decoded)) return decoded
  }
  throw new Error('the kubeconfig is neither YAML nor base64-encoded YAML (no "clusters:" found)')
}

export function loadKubeconfig(source: KubeconfigSource): LoadedKubeconfig {
  const kc = new KubeConfig()
  try {
    if (source.data) {
      kc.loadFromString(decodeKubeconfigData(source.data))
    } else if (source.path) {
      kc.loadFromFile(source.path)
    } else {
      kc.loadFromDefault()
    }
  } catch (error) {
    // No `cause`: the original error quotes the kubeconfig's lines, credentials included.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(
      `invalid kubeconfig${source.path ? ` ${source.path}` : ''}: ${withoutSnippet(error)}`
    )
  }
  if (source.context) {
    if (!kc.getContextObject(source.context)) {
      const known = kc.getContexts().map(c => c.name)
      throw new Error(
        `context "${source.context}" is not in the kubeconfig (it has: ${known.join(', ') || 'none'})`
      )
    }
    kc.setCurrentContext(source.context)
  }
  const cluster = kc.getCurrentCluster()
  if (!cluster) {
    throw new Error(`the kubeconfig has no cluster for context "${kc.getCurrentContext()}"`)
  }
  return { kc, context: kc.getCurrentContext(), server: cluster.server }
}

/** The namespace the selected context points at, the default for namespaced objects. */
export function contextNamespace(kc: KubeConfig): string | undefined {
  return kc.getContextObject(kc.getCurrentContext())?.namespace
}

/**
 * A YAML error's message quotes the lines around the fault, and in a kubeconfig
 * those lines are tokens and keys: keep only the reason and the line number.
 */
function withoutSnippet(error: unknown): string {
  const yamlError = error as { reason?: string; mark?: { line?: number } }
  if (typeof yamlError.reason === 'string') {
    const line = yamlError.mark?.line
    return `${yamlError.reason}${line === undefined ? '' : ` (line ${line + 1})`}`
  }
  const message = error instanceof Error ? error.message : String(error)
  // Any other message: its first line only, never the content after it.
  return message.split('\n')[0] ?? ''
}
