// The whole detection run: targets -> render -> cluster -> compare -> report.
// Rendering finishes for every target before the first cluster call, so bad
// YAML fails fast and touches nothing.
import { RUN_KEY_NOTE, maskKeyForSource, type MaskKey } from '../cluster/mask-key.ts'
import { untestedVersionWarning } from '../cluster/tested-versions.ts'
import { selectorProblem } from '../cluster/label-selector.ts'
import type { KubeconfigSource } from '../cluster/kubeconfig.ts'
import type { Target } from '../config/target.ts'
import { summarize } from '../drift/index.ts'
import { withLookupGap } from '../drift/not-comparable.ts'
import { renderTarget } from '../render/index.ts'
import type { RenderedTarget } from '../render/index.ts'
import type { DriftReport, TargetReport } from '../types.ts'
import { classifyResults } from './classify.ts'
import { detectTarget } from './detect-target.ts'
import type { DetectedTarget } from './detection.ts'
import { HelmKubeconfigFiles } from './helm-lookup-access.ts'
import { ClusterSessions } from './sessions.ts'
import type { ClusterSession } from './sessions.ts'

export interface CheckOptions {
  kubeconfig: KubeconfigSource
  targets: Target[]
  fieldManager: string
  concurrency: number
  cwd: string
  timeoutMs?: number
  /** false sends every object to the server's dry-run (no local proof of sync). */
  fastPath?: boolean
  progress?: (message: string) => void
  /**
   * the key of the hashes that stand for Secret values (cluster/mask-key.ts); given
   * when two runs must share it (a pull request's head and its base), else derived.
   */
  maskKey?: MaskKey
  /** connections to reuse (reconcile detects, applies and detects again on the same ones). */
  sessions?: ClusterSessions
}

export interface CheckResult {
  report: DriftReport
  requests: number
  /** per target, in the report's order: each verdict with what it rests on (reconcile applies from it). */
  detected: DetectedTarget[]
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const progress = options.progress ?? (() => {})
  // A selector the server would reject is a usage error before anything is rendered or compared.
  for (const target of options.targets) {
    const problem = target.selector === undefined ? undefined : selectorProblem(target.selector)
    if (problem) {
      throw new Error(
        `target ${target.name}: invalid label selector "${target.selector}": ${problem}`
      )
    }
  }
  const sessions = options.sessions ?? new ClusterSessions(options)
  const rendered: RenderedTarget[] = []
  // helm's kubeconfig files (charts that use lookup) live only while rendering.
  const helmKubeconfigs = new HelmKubeconfigFiles()
  try {
    for (const target of options.targets) {
      // Only renderers that must ask the cluster (helm: version, API versions) call it.
      const result = await renderTarget(target, options.cwd, {
        cluster: async () => (await sessions.get(target.context)).info(),
        helmLookup: async () => {
          const session = await sessions.get(target.context)
          return session.helmLookup(helmKubeconfigs)
        }
      })
      progress(`${target.name}: rendered ${result.objects.length} objects (${target.renderer})`)
      rendered.push(result)
    }
  } finally {
    await helmKubeconfigs.removeAll()
  }

  // A secret, stable key: an unchanged Secret hashes the same every run, and no reader can test a guess.
  const maskKey =
    options.maskKey ??
    (await maskKeyForSource({
      ...options.kubeconfig,
      context: options.targets[0]?.context ?? options.kubeconfig.context
    }))
  const targets: TargetReport[] = []
  const detected: DetectedTarget[] = []
  for (const { target, objects, notes, lookupGap } of rendered) {
    const session = await sessions.get(target.context)
    const { report, ...detection } = await detectTarget(session.client, target, objects, {
      fieldManager: options.fieldManager,
      concurrency: options.concurrency,
      defaultNamespace: session.defaultNamespace,
      salt: maskKey.key,
      fastPath: options.fastPath,
      progress,
      schemas: session.schemas
    })
    const keyNote =
      maskKey.source === 'run' && report.resources.some(resource => resource.kind === 'Secret')
        ? [RUN_KEY_NOTE]
        : []
    const gapped = withLookupGap(
      { ...report, notes: [...notes, ...report.notes, ...keyNote] },
      lookupGap
    )
    // Severity and cause, once, on the verdicts every report and reconcile read.
    const final = {
      ...gapped,
      resources: classifyResults(gapped.resources, detection.resources, {
        fieldManager: options.fieldManager,
        ...(target.severity ? { overrides: target.severity } : {})
      })
    }
    targets.push(final)
    // The lookup gap rewrites verdicts one for one, in order: hand on the rewritten ones.
    const resources = detection.resources.map((r, i) => ({
      ...r,
      result: final.resources[i] ?? r.result
    }))
    detected.push({ ...detection, resources })
  }
  // The first target's cluster names the report: the kubeconfig's own context may be unused.
  const main = await sessions.get(options.targets[0]?.context)
  return {
    report: {
      apiVersion: 'kube-drift/v1',
      kind: 'DriftReport',
      generatedAt: new Date().toISOString(),
      cluster: clusterOf(main),
      summary: summarize(targets),
      targets
    },
    requests: sessions.requestCount(),
    detected
  }
}

/** The report's cluster: the server, its version, and a warning when that version is untested. */
export function clusterOf(
  session: Pick<ClusterSession, 'context' | 'version'> & { client: { server: string } }
): NonNullable<DriftReport['cluster']> {
  const warning = untestedVersionWarning(session.version)
  return {
    server: session.client.server,
    context: session.context,
    version: session.version,
    ...(warning ? { warning } : {})
  }
}
