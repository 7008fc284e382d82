// What the catalogue tests share: kubectl against the test control plane, a
// manifests directory per test, and kube-drift's check run in-process.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCheck } from '../../src/engine/check.ts'
import type { IgnoreRule, ResourceResult } from '../../src/types.ts'
import { toolPath } from '../../test/cluster/tools.ts'
import { testKubeconfigPath } from './cluster-env.ts'

export type Context = 'admin' | 'reader' | 'differ'

export function kubectl(
  args: string[],
  options: { context?: Context; input?: string; env?: Record<string, string> } = {}
): string {
  return execFileSync(
    toolPath('kubectl'),
    ['--kubeconfig', testKubeconfigPath(), '--context', options.context ?? 'admin', ...args],
    {
      encoding: 'utf8',
      input: options.input,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe']
    }
  )
}

export function helm(args: string[]): string {
  return execFileSync(
    toolPath('helm'),
    ['--kubeconfig', testKubeconfigPath(), '--kube-context', 'admin', ...args],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
}

/** Writes manifests into a fresh directory; returns it. */
export function manifestDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-drift-manifests-'))
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  return dir
}

export async function check(options: {
  paths: string[]
  context?: Context
  selector?: string
  ignore?: IgnoreRule[]
  namespace?: string
  fastPath?: boolean
}) {
  const { report, requests } = await runCheck({
    kubeconfig: { path: testKubeconfigPath(), context: options.context ?? 'differ' },
    targets: [
      {
        name: 'test',
        renderer: 'plain',
        paths: options.paths,
        namespace: options.namespace,
        selector: options.selector,
        ignore: options.ignore ?? []
      }
    ],
    fieldManager: 'kube-drift',
    concurrency: 4,
    cwd: '/',
    timeoutMs: 20_000,
    fastPath: options.fastPath
  })
  const resources = report.targets.flatMap(t => t.resources)
  return {
    report,
    requests,
    resources,
    find: (kind: string, name: string) => findResource(resources, kind, name)
  }
}

export function findResource(
  resources: ResourceResult[],
  kind: string,
  name: string
): ResourceResult {
  const found = resources.find(r => r.kind === kind && r.name === name)
  if (!found) {
    throw new Error(
      `no ${kind} ${name} in the report: ${resources.map(r => `${r.kind}/${r.name}`).join(', ')}`
    )
  }
  return found
}

/** A one-line view of each non-InSync verdict, for readable failure messages. */
export function verdicts(resources: ResourceResult[]): string[] {
  return resources.map(
    r =>
      `${r.kind}/${r.name}: ${r.status}${r.error ? ` (${r.error})` : ''}${r.changes.length ? ` ${r.changes.map(c => `${c.path}[${c.reason}]`).join(' ')}` : ''}`
  )
}
