// DRIFT-CATALOGUE C, "helm or kustomize not installed, chart fails to render":
// the run fails before any cluster call, naming the tool and how to install it,
// or the template file and line, or the missing dependency.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Target } from '../../src/config/target.ts'
import { runCheck } from '../../src/engine/check.ts'
import { RenderError } from '../../src/render/render-error.ts'
import { testKubeconfigPath } from './cluster-env.ts'
import { REPO, SHOP_CHART, SHOP_OVERLAY, targetsFor, usePinnedTools } from './renderers-harness.ts'

usePinnedTools()

/** A kubeconfig whose server cannot be reached: were any call made, the error would say so. */
function nowhereKubeconfig(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-drift-nowhere-'))
  const file = path.join(dir, 'kubeconfig')
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'n', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [{ name: 'n', user: { token: 'x' } }],
      contexts: [{ name: 'n', context: { cluster: 'n', user: 'n' } }],
      'current-context': 'n'
    }),
    { mode: 0o600 }
  )
  return file
}

/** Tools are looked for before any cluster call; helm renders against the cluster, so it needs one. */
function check(targets: Target[], options: { cwd?: string; reachable?: boolean } = {}) {
  return runCheck({
    kubeconfig: options.reachable
      ? { path: testKubeconfigPath(), context: 'differ' }
      : { path: nowhereKubeconfig() },
    targets,
    fieldManager: 'kube-drift',
    concurrency: 1,
    cwd: options.cwd ?? REPO,
    timeoutMs: 2_000
  })
}

/** Runs `work` with PATH holding only an empty folder: no helm, kustomize or kubectl. */
async function withoutTools<T>(work: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH
  process.env.PATH = mkdtempSync(path.join(tmpdir(), 'kube-drift-empty-path-'))
  try {
    return await work()
  } finally {
    process.env.PATH = saved
  }
}

/** A copy of the fixture chart to break. */
function chartCopy(): { root: string; chart: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'kube-drift-broken-chart-'))
  const chart = path.join(root, 'shop')
  cpSync(path.join(REPO, SHOP_CHART), chart, { recursive: true })
  return { root, chart }
}

async function renderFailure(promise: Promise<unknown>): Promise<RenderError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof RenderError) return error
    throw error
  }
  throw new Error('expected a RenderError')
}

describe('catalogue C: renderers that cannot render', () => {
  it('helm not installed: fails naming helm and how to install it', async () => {
    const targets = await targetsFor({ paths: [SHOP_CHART], namespace: 'c-helm' })
    await expect(withoutTools(() => check(targets))).rejects.toThrow(
      /^helm is not installed \(not found on PATH\), and target "__tests__\/fixtures\/charts\/shop" \(helm\) needs it: install Helm 3 \(https:\/\/helm\.sh\/docs\/intro\/install\//
    )
  })

  it('kustomize and kubectl not installed: fails naming kustomize and how to install it', async () => {
    const targets = await targetsFor({ paths: [SHOP_OVERLAY] })
    await expect(withoutTools(() => check(targets))).rejects.toThrow(
      /^kustomize is not installed .*install kustomize \(https:\/\/kubectl\.docs\.kubernetes\.io\/installation\/kustomize\/\) or kubectl/
    )
  })

  it.each([
    [
      'a nil pointer',
      'data:\n  a: {{ .Values.nope.deeper }}\n',
      6,
      'template: shop/templates/broken.yaml:6:'
    ],
    [
      'a required value',
      'data:\n  a: {{ required "a is required" .Values.a }}\n',
      6,
      'a is required'
    ],
    ['an unknown function', 'data:\n  a: {{ nofunc 1 }}\n', 6, 'function "nofunc" not defined']
  ])(
    'a template error (%s) fails naming the template file and line',
    async (_what, body, line, message) => {
      const { root, chart } = chartCopy()
      writeFileSync(
        path.join(chart, 'templates', 'broken.yaml'),
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n${body}`
      )
      const targets = await targetsFor({ paths: [chart], namespace: 'c-tpl' })
      const error = await renderFailure(check(targets, { cwd: root, reachable: true }))
      expect(error.file).toBe('shop/templates/broken.yaml')
      expect(error.line).toBe(line)
      expect(error.message).toMatch(
        new RegExp(`^shop/templates/broken\\.yaml:${line}: helm template failed: `)
      )
      expect(error.message).toContain(message)
    }
  )

  it('a dependency missing from charts/ fails clearly, without downloading it', async () => {
    const { root, chart } = chartCopy()
    rmSync(path.join(chart, 'charts'), { recursive: true })
    mkdirSync(path.join(chart, 'charts'))
    const targets = await targetsFor({ paths: [chart], namespace: 'c-dep' })
    const error = await renderFailure(check(targets, { cwd: root, reachable: true }))
    expect(error.file).toBe('shop/Chart.yaml')
    expect(error.message).toContain('missing in charts/ directory: cache')
    expect(error.message).toContain('never downloads dependencies')
  })
})
