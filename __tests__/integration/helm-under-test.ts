// The helm the integration suites install charts with, and kube-drift renders
// them with: the major KUBE_DRIFT_HELM chooses (test/cluster/versions.env). The
// binary is asked, so a bin directory holding the other major fails the suite
// instead of testing the wrong helm.
import { execFileSync } from 'node:child_process'
import { toolPath } from '../../test/cluster/tools.ts'
import { selectedHelm } from '../../test/cluster/versions.ts'

export interface HelmUnderTest {
  major: string
  version: string
  /** How its install and upgrade write objects: Helm 4 server-side applies, Helm 3 updates. */
  operation: 'Apply' | 'Update'
}

let known: HelmUnderTest | undefined

export function helmUnderTest(): HelmUnderTest {
  if (known) return known
  const wanted = selectedHelm()
  const path = toolPath('helm')
  const version = execFileSync(path, ['version', '--template', '{{.Version}}'], {
    encoding: 'utf8'
  }).trim()
  // major.minor: a helm built without the release stamp says v3.21, not v3.21.4.
  const release = (v: string) => /^v(\d+\.\d+)/.exec(v)?.[1]
  if (release(version) === undefined || release(version) !== release(wanted.version)) {
    throw new Error(
      `${path} is helm ${version}, but KUBE_DRIFT_HELM=${wanted.major} wants ${wanted.version} (KUBE_DRIFT_BIN_DIR=${process.env.KUBE_DRIFT_BIN_DIR ?? ''})`
    )
  }
  known = { major: wanted.major, version, operation: wanted.major === '3' ? 'Update' : 'Apply' }
  return known
}
