// The Kubernetes minors kube-drift's integration suites run on (test/cluster/versions.ts
// builds the same list; a unit test keeps the two equal). Defaulting, managedFields and
// dry-run answers change between releases, so a server outside this range gets a warning
// in every report: the verdicts are computed the same way, but were never proven there.
export const TESTED_KUBERNETES_MINORS = ['1.34', '1.35', '1.36', '1.37'] as const

/** The warning a report carries for the server's gitVersion, or undefined when it is tested. */
export function untestedVersionWarning(gitVersion: string): string | undefined {
  const range = `${TESTED_KUBERNETES_MINORS[0]}–${TESTED_KUBERNETES_MINORS.at(-1)}`
  const match = /^v?(\d+)\.(\d+)(?:\.|$|[-+])/.exec(gitVersion)
  if (!match) {
    return `the server reported no readable Kubernetes version (${JSON.stringify(gitVersion)}); kube-drift is tested on ${range}`
  }
  const minor = `${Number(match[1])}.${Number(match[2])}`
  if ((TESTED_KUBERNETES_MINORS as readonly string[]).includes(minor)) return undefined
  return `Kubernetes ${gitVersion} is outside the range kube-drift is tested on (${range}): defaulting, managedFields and dry-run answers may differ there, so read the verdicts with care`
}
