// Helpers for integration tests: the shared control plane started by
// global-setup.ts, a client per identity, and a namespace per test.
import { existsSync, readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node'
import { testKubeconfigPointerFile, type ContextName } from '../../test/cluster/launcher.ts'

export type { ContextName }

/** The kubeconfig of the integration cluster (contexts admin, reader, differ). */
export function testKubeconfigPath(): string {
  const fromEnv = process.env.KUBE_DRIFT_TEST_KUBECONFIG || process.env.KUBECONFIG_KUBE_DRIFT_TEST
  if (fromEnv) return fromEnv
  const pointer = testKubeconfigPointerFile()
  if (existsSync(pointer)) {
    const path = readFileSync(pointer, 'utf8').trim()
    if (path && existsSync(path)) return path
  }
  throw new Error(
    'no integration cluster: run the tests through jest --selectProjects integration (its globalSetup starts one) ' +
      'or set KUBECONFIG_KUBE_DRIFT_TEST to a kubeconfig with contexts admin, reader and differ'
  )
}

/** A client-node KubeConfig for one of the test identities. */
export function kubeConfigFor(context: ContextName): KubeConfig {
  const kc = new KubeConfig()
  kc.loadFromFile(testKubeconfigPath())
  if (!kc.getContextObject(context)) {
    throw new Error(`context ${context} not found in ${testKubeconfigPath()}`)
  }
  kc.setCurrentContext(context)
  return kc
}

/** A valid, unused-looking namespace name: `<prefix>-<random>`. */
export function uniqueNamespace(prefix: string): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'test'
  return `${clean}-${randomBytes(4).toString('hex')}`
}

/** Creates a fresh namespace (as admin) and returns its name. */
export async function createNamespace(
  prefix: string,
  labels: Record<string, string> = {}
): Promise<string> {
  const name = uniqueNamespace(prefix)
  const core = kubeConfigFor('admin').makeApiClient(CoreV1Api)
  await core.createNamespace({
    body: { metadata: { name, labels: { 'kube-drift.test/owner': 'integration', ...labels } } }
  })
  return name
}

/** Deletes a namespace without waiting for it to finish (404 is fine). */
export async function deleteNamespace(name: string): Promise<void> {
  const core = kubeConfigFor('admin').makeApiClient(CoreV1Api)
  try {
    await core.deleteNamespace({ name })
  } catch (error) {
    if (!(error instanceof ApiException && error.code === 404)) throw error
  }
}

/** Polls `check` until it returns a value other than undefined, or fails after timeoutMs. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  intervalMs = 250
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : ''
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`)
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs))
  }
}
