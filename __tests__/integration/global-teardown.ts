// Stops the control plane global-setup.ts started (if it started one).
import { readFileSync, rmSync } from 'node:fs'
import { testKubeconfigPointerFile, type RunningCluster } from '../../test/cluster/launcher.ts'
import { CLUSTER_GLOBAL } from './global-setup.ts'

export default async function globalTeardown(): Promise<void> {
  const store = globalThis as Record<string, unknown>
  const cluster = store[CLUSTER_GLOBAL] as RunningCluster | undefined
  const pointer = testKubeconfigPointerFile()
  try {
    if (readFileSync(pointer, 'utf8').trim() === process.env.KUBE_DRIFT_TEST_KUBECONFIG) {
      rmSync(pointer, { force: true })
    }
  } catch {
    // no pointer file
  }
  if (cluster) {
    delete store[CLUSTER_GLOBAL]
    await cluster.stop()
  }
}
