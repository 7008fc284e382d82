// Which helm renders a chart. kube-drift works with Helm 3 and Helm 4: both
// render `helm template` with the same flags and write the same `# Source:`
// stream (the integration suites run the catalogue with each). Any other major
// (Helm 2's template command differs; a future major may render differently)
// is refused rather than trusted. `helm version --template` prints the bare
// version in both majors, unlike the default output, whose Go struct dump is no
// format to rely on.
import { runTool } from './tool.ts'
import type { ToolEnv } from './tool.ts'

export const SUPPORTED_HELM_MAJORS = [3, 4] as const

export interface HelmVersion {
  /** as helm prints it, e.g. v4.3.2 or v3.21.4+g1234567 */
  version: string
  major: number
  minor: number
}

export const HELM_VERSION_ARGS = ['version', '--template', '{{.Version}}']

/** The version `helm version --template {{.Version}}` printed; anything else is an error. */
export function parseHelmVersion(output: string): HelmVersion {
  const version = output.trim()
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][0-9A-Za-z.+-]*)?$/.exec(version)
  if (!match?.[1] || !match[2]) {
    throw new Error(
      `could not read helm's version from \`helm ${HELM_VERSION_ARGS.join(' ')}\`: ${JSON.stringify(version.slice(0, 200))}`
    )
  }
  return { version, major: Number(match[1]), minor: Number(match[2]) }
}

/** Throws unless `version` is a major kube-drift renders with. */
export function assertSupportedHelm(version: HelmVersion): HelmVersion {
  if (!(SUPPORTED_HELM_MAJORS as readonly number[]).includes(version.major)) {
    throw new Error(
      `helm ${version.version} is not supported: kube-drift renders charts with Helm ${SUPPORTED_HELM_MAJORS.join(' or ')}`
    )
  }
  return version
}

const known = new Map<string, Promise<HelmVersion>>()

/** The version of the helm at `helm` (asked once per path and process), checked to be supported. */
export function helmVersion(helm: string, env: ToolEnv, cwd: string): Promise<HelmVersion> {
  let version = known.get(helm)
  if (!version) {
    version = runTool(helm, HELM_VERSION_ARGS, { cwd, env, label: 'helm version' }).then(output =>
      assertSupportedHelm(parseHelmVersion(output))
    )
    // A failure is not remembered: the next target asks again.
    version.catch(() => known.delete(helm))
    known.set(helm, version)
  }
  return version
}
