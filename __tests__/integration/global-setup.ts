// Starts one real control plane for the whole integration project, unless
// KUBECONFIG_KUBE_DRIFT_TEST already points at a cluster (e.g. kind on CI, or
// `npm run cluster:up`). A cluster that cannot start fails the run: never skip.
// KUBE_DRIFT_KUBERNETES chooses the minor of the cluster started here, and
// KUBE_DRIFT_HELM the helm major the tests and the renderer use.
import { existsSync, writeFileSync } from 'node:fs'
import {
  pinnedKubernetesVersion,
  selectedHelm,
  startCluster,
  testKubeconfigPointerFile,
  type RunningCluster
} from '../../test/cluster/launcher.ts'

export const CLUSTER_GLOBAL = '__kubeDriftTestCluster'

export default async function globalSetup(): Promise<void> {
  const given = process.env.KUBECONFIG_KUBE_DRIFT_TEST
  let kubeconfigPath: string
  if (given) {
    if (!existsSync(given)) {
      throw new Error(`KUBECONFIG_KUBE_DRIFT_TEST=${given}: no such file`)
    }
    kubeconfigPath = given
    process.stderr.write(
      `\n[integration] using the cluster of KUBECONFIG_KUBE_DRIFT_TEST=${given}\n`
    )
  } else {
    process.stderr.write('\n')
    let cluster: RunningCluster
    try {
      cluster = await startCluster()
    } catch (error) {
      throw new Error(
        `integration tests need a local control plane and it could not start: ${(error as Error).message}`,
        { cause: error }
      )
    }
    ;(globalThis as Record<string, unknown>)[CLUSTER_GLOBAL] = cluster
    kubeconfigPath = cluster.kubeconfigPath
    // Tests compare /version with this when the cluster is ours.
    process.env.KUBE_DRIFT_TEST_EXPECTED_VERSION = pinnedKubernetesVersion()
  }
  const helm = selectedHelm()
  process.stderr.write(
    `[integration] Kubernetes ${process.env.KUBE_DRIFT_TEST_EXPECTED_VERSION ?? '(given cluster)'}, helm ${helm.version}\n`
  )
  process.env.KUBE_DRIFT_TEST_KUBECONFIG = kubeconfigPath
  writeFileSync(testKubeconfigPointerFile(), `${kubeconfigPath}\n`, { mode: 0o600 })
}
