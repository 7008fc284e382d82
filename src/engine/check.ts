// The whole detection run: targets -> render -> cluster -> compare -> report.
// Rendering finishes for every target before the first cluster call, so bad
// YAML fails fast and touches nothing.
import { randomBytes } from 'node:crypto'
import { ClusterClient } from '../cluster/client.ts'
import { contextNamespace, loadKubeconfig } from '../cluster/kubeconfig.ts'
import type { KubeconfigSource } from '../cluster/kubeconfig.ts'
import type { Target } from '../config/target.ts'
import { summarize } from '../drift/index.ts'
import { renderTarget } from '../render/index.ts'
import type { DesiredObject, DriftReport, TargetReport } from '../types.ts'
import { detectTarget } from './detect-target.ts'

export interface CheckOptions {
  kubeconfig: KubeconfigSource
  targets: Target[]
  fieldManager: string
  concurrency: number
  cwd: string
  timeoutMs?: number
  progress?: (message: string) => void
}

export interface CheckResult {
  report: DriftReport
  requests: number
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const progress = options.progress ?? (() => {})
  const rendered: { target: Target; objects: DesiredObject[]; notes: string[] }[] = []
  for (const target of options.targets) {
    const { objects, notes } = await renderTarget(target, options.cwd)
    progress(`${target.name}: rendered ${objects.length} objects (${target.renderer})`)
    rendered.push({ target, objects, notes })
  }

  const loaded = loadKubeconfig(options.kubeconfig)
  const client = new ClusterClient(loaded, { timeoutMs: options.timeoutMs })
  const version = await client.version()
  progress(`cluster ${client.server} (context ${loaded.context}, ${version})`)
  // A fresh salt per run: hashes of secret values tell "changed" apart but cannot be looked up.
  const salt = randomBytes(16).toString('hex')
  const defaultNamespace = contextNamespace(loaded.kc) ?? 'default'

  const targets: TargetReport[] = []
  for (const { target, objects, notes } of rendered) {
    const report = await detectTarget(client, target, objects, {
      fieldManager: options.fieldManager,
      concurrency: options.concurrency,
      defaultNamespace,
      salt,
      progress
    })
    report.notes.unshift(...notes)
    targets.push(report)
  }
  return {
    report: {
      apiVersion: 'kube-drift/v1',
      kind: 'DriftReport',
      generatedAt: new Date().toISOString(),
      cluster: { server: client.server, context: loaded.context, version },
      summary: summarize(targets),
      targets
    },
    requests: client.requestCount
  }
}

/** terraform plan -detailed-exitcode: 0 in sync, 2 drift, 1 error. */
export function exitCodeOf(report: DriftReport): 0 | 1 | 2 {
  const s = report.summary
  if (s.errors > 0) return 1
  return s.drifted + s.missing + s.extra > 0 ? 2 : 0
}
