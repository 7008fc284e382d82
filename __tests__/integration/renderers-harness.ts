// What the renderer tests share: the pinned helm, kustomize and kubectl on PATH
// (kube-drift finds its tools there, as on a runner), the fixture chart and
// overlay, and kube-drift's check run in-process on targets from loadTargets.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadTargets, type TargetRequest } from '../../src/config/load-targets.ts'
import type { Target } from '../../src/config/target.ts'
import { runCheck } from '../../src/engine/check.ts'
import type { FieldChange, ResourceResult } from '../../src/types.ts'
import { toolsBinDir } from '../../test/cluster/tools.ts'
import { testKubeconfigPath, uniqueNamespace } from './cluster-env.ts'
import { findResource, helm, kubectl, type Context } from './harness.ts'

/** The repository root: the working directory of the runs, so sources read `__tests__/fixtures/...`. */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const SHOP_CHART = '__tests__/fixtures/charts/shop'
export const SHOP_VALUES = `${SHOP_CHART}/values-prod.yaml`
export const SHOP_OVERLAY = '__tests__/fixtures/kustomize/shop/overlays/prod'

/** The pinned tools first on PATH, for kube-drift (which looks them up there) in this worker. */
export function usePinnedTools(): void {
  const bin = toolsBinDir()
  if (!(process.env.PATH ?? '').startsWith(`${bin}${path.delimiter}`)) {
    process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`
  }
}

/** `helm install` of the fixture chart with the production values into a new namespace. */
export function installShop(
  prefix: string,
  extra: string[] = []
): { namespace: string; release: string } {
  const namespace = uniqueNamespace(prefix)
  const release = 'shop'
  helm([
    'install',
    release,
    path.join(REPO, SHOP_CHART),
    '--namespace',
    namespace,
    '--create-namespace',
    '--values',
    path.join(REPO, SHOP_VALUES),
    ...extra
  ])
  return { namespace, release }
}

/**
 * A kustomization of the fixture overlay for one test: its own namespace and an
 * instance label (the tracking selector), written outside the repository.
 */
export function shopInstance(
  prefix: string,
  options: { literal?: string; namespace?: string } = {}
): {
  namespace: string
  dir: string
  selector: string
} {
  const namespace = options.namespace ?? uniqueNamespace(prefix)
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-drift-kustomize-test-'))
  const overlay = path.relative(dir, path.join(REPO, SHOP_OVERLAY))
  const generator = options.literal
    ? `configMapGenerator:\n  - name: settings\n    behavior: merge\n    literals: [${options.literal}]\n`
    : ''
  writeFileSync(
    path.join(dir, 'kustomization.yaml'),
    `namespace: ${namespace}\nresources:\n  - ${overlay}\nlabels:\n  - pairs:\n      shop.drift.test/instance: ${namespace}\n${generator}`
  )
  return { namespace, dir, selector: `shop.drift.test/instance=${namespace}` }
}

/** `kubectl apply -k` of a kustomization, into its namespace (created first). */
export function applyKustomization(
  namespace: string,
  dir: string,
  options: { serverSide?: boolean } = {}
): void {
  kubectl(['create', 'namespace', namespace])
  kubectl(['apply', '-k', dir, ...(options.serverSide ? ['--server-side'] : [])])
}

/** Targets as the CLI and the action make them, from the repository root. */
export function targetsFor(request: Omit<TargetRequest, 'cwd'>): Promise<Target[]> {
  return loadTargets({ cwd: REPO, ...request })
}

export async function checkTargets(
  targets: Target[],
  options: { context?: Context; fastPath?: boolean } = {}
) {
  const { report } = await runCheck({
    kubeconfig: { path: testKubeconfigPath(), context: options.context ?? 'differ' },
    targets,
    fieldManager: 'kube-drift',
    concurrency: 4,
    cwd: REPO,
    timeoutMs: 20_000,
    fastPath: options.fastPath
  })
  const resources = report.targets.flatMap(t => t.resources)
  return {
    report,
    resources,
    find: (kind: string, name: string) => findResource(resources, kind, name)
  }
}

/** The three ways every no-false-drift case is checked. */
export const MODES: { name: string; context: Context; fastPath: boolean }[] = [
  { name: 'differ, local proof of sync allowed', context: 'differ', fastPath: true },
  { name: 'differ, every object through the server dry-run', context: 'differ', fastPath: false },
  { name: 'reader (may not patch), local comparison', context: 'reader', fastPath: true }
]

export function change(resource: ResourceResult, pointer: string): FieldChange {
  const found = resource.changes.find(c => c.path === pointer)
  if (!found) {
    throw new Error(
      `no change at ${pointer} in ${resource.kind}/${resource.name}: ${JSON.stringify(resource.changes)}`
    )
  }
  return found
}
