// The pinned versions of versions.env, read the way build-tools.sh reads them:
// KUBE_DRIFT_KUBERNETES picks the Kubernetes minor, KUBE_DRIFT_HELM the helm
// major. The launcher, the test setup, the demo and the bench all ask here, and
// build-tools.sh sources the same file, so they cannot disagree.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const VERSIONS_FILE = join(fileURLToPath(new URL('.', import.meta.url)), 'versions.env')

export interface PinnedVersions {
  /** tested minors, oldest first, e.g. ['1.34', …, '1.37'] */
  kubernetesMinors: string[]
  defaultKubernetesMinor: string
  /** minor -> release, e.g. '1.37' -> 'v1.37.2' */
  kubernetes: Record<string, string>
  helmMajors: string[]
  defaultHelmMajor: string
  /** major -> release, e.g. '4' -> 'v4.3.2' */
  helm: Record<string, string>
}

type Env = Record<string, string | undefined>

/** KEY=value and KEY="a b" lines; comments and blank lines skipped. */
export function parseVersionsEnv(text: string): PinnedVersions {
  const values = new Map<string, string>()
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(?:"([^"]*)"|(\S*))\s*$/.exec(line)
    if (match?.[1]) values.set(match[1], match[2] ?? match[3] ?? '')
  }
  const get = (key: string): string => {
    const value = values.get(key)
    if (!value) throw new Error(`${key} not found in ${VERSIONS_FILE}`)
    return value
  }
  const kubernetesMinors = get('KUBERNETES_MINORS').split(/\s+/)
  const helmMajors = get('HELM_MAJORS').split(/\s+/)
  return {
    kubernetesMinors,
    defaultKubernetesMinor: get('KUBERNETES_DEFAULT_MINOR'),
    kubernetes: Object.fromEntries(
      kubernetesMinors.map(minor => [minor, get(`KUBERNETES_VERSION_${minor.replace('.', '_')}`)])
    ),
    helmMajors,
    defaultHelmMajor: get('HELM_DEFAULT_MAJOR'),
    helm: Object.fromEntries(helmMajors.map(major => [major, get(`HELM_VERSION_${major}`)]))
  }
}

export function pinnedVersions(): PinnedVersions {
  return parseVersionsEnv(readFileSync(VERSIONS_FILE, 'utf8'))
}

/** The Kubernetes minor and release KUBE_DRIFT_KUBERNETES chooses (default: the newest tested). */
export function selectedKubernetes(
  env: Env = process.env,
  pinned: PinnedVersions = pinnedVersions()
): { minor: string; version: string } {
  const minor = (env.KUBE_DRIFT_KUBERNETES || pinned.defaultKubernetesMinor).replace(/^v/, '')
  const version = pinned.kubernetes[minor]
  if (!version) {
    throw new Error(
      `KUBE_DRIFT_KUBERNETES=${minor} is not a tested Kubernetes minor; use one of: ${pinned.kubernetesMinors.join(' ')}`
    )
  }
  return { minor, version }
}

/** The helm major and release KUBE_DRIFT_HELM chooses (default: HELM_DEFAULT_MAJOR). */
export function selectedHelm(
  env: Env = process.env,
  pinned: PinnedVersions = pinnedVersions()
): { major: string; version: string } {
  const major = env.KUBE_DRIFT_HELM || pinned.defaultHelmMajor
  const version = pinned.helm[major]
  if (!version) {
    throw new Error(
      `KUBE_DRIFT_HELM=${major} is not a supported helm major; use one of: ${pinned.helmMajors.join(' ')}`
    )
  }
  return { major, version }
}
