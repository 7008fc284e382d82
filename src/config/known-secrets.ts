// The run's secrets, found once at startup for the scrubber (util/secret-scrubber.ts):
// the GitHub token and the runner's own tokens from the environment, the
// kubeconfig input, and every kubeconfig file the run may read — with the key,
// certificate and token files those point at. Found before anything else runs,
// so even an error about a bad input is scrubbed.
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, join } from 'node:path'
import { decodeKubeconfigData } from '../cluster/kubeconfig.ts'
import type { SecretScrubber } from '../util/secret-scrubber.ts'
import { kubeconfigCredentialFiles, maskKubeconfig } from './mask-kubeconfig.ts'

/** Environment variables that hold a token: the action's input, the workflow's and the runner's. */
const TOKEN_VARIABLES = [
  'INPUT_GITHUB-TOKEN',
  'GITHUB_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN'
]

export interface KnownSecretSources {
  env: NodeJS.ProcessEnv
  /** kubeconfig files named on the command line (`--kubeconfig`). */
  kubeconfigPaths?: string[]
  /** also ~/.kube/config when KUBECONFIG is unset, as the CLI falls back to it. */
  defaultKubeconfig?: boolean
}

export function registerKnownSecrets(scrubber: SecretScrubber, sources: KnownSecretSources): void {
  const { env } = sources
  for (const name of TOKEN_VARIABLES) scrubber.register(env[name])
  const input = env.INPUT_KUBECONFIG
  if (input) {
    scrubber.register(input.trim())
    registerKubeconfig(scrubber, decodedOrRaw(input))
  }
  const paths = [...(sources.kubeconfigPaths ?? [])]
  if (env.KUBECONFIG) paths.push(...env.KUBECONFIG.split(delimiter).filter(Boolean))
  else if (sources.defaultKubeconfig) paths.push(join(homedir(), '.kube', 'config'))
  for (const path of paths) {
    const text = readIfThere(path)
    if (text === undefined) continue
    registerKubeconfig(scrubber, text)
    for (const file of kubeconfigCredentialFiles(text, path)) scrubber.register(readIfThere(file))
  }
}

function registerKubeconfig(scrubber: SecretScrubber, text: string): void {
  for (const secret of maskKubeconfig(text)) {
    scrubber.register(secret)
    // `*-data` is base64 of a PEM block: the decoded block is scrubbed as a whole too.
    const decoded = Buffer.from(secret, 'base64').toString('utf8')
    if (decoded.includes('-----BEGIN ')) scrubber.register(decoded)
  }
}

/** The input is YAML or base64 of it; a value that is neither is still registered line by line. */
function decodedOrRaw(input: string): string {
  try {
    return decodeKubeconfigData(input)
  } catch {
    return input
  }
}

function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
