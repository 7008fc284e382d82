// The whole detection run: targets -> render -> cluster -> compare -> report.
// Rendering finishes for every target before the first cluster call, so bad
// YAML fails fast and touches nothing.
import { ClusterClient } from '../cluster/client.ts'
import { contextNamespace, loadKubeconfig } from '../cluster/kubeconfig.ts'
import { RUN_KEY_NOTE, maskKeyForSource, type MaskKey } from '../cluster/mask-key.ts'
import { untestedVersionWarning } from '../cluster/tested-versions.ts'
import { selectorProblem } from '../cluster/label-selector.ts'
import { OpenApiSchemas, defaultOpenApiCacheDir } from '../cluster/openapi.ts'
import type { KubeconfigSource } from '../cluster/kubeconfig.ts'
import type { Target } from '../config/target.ts'
import { summarize } from '../drift/index.ts'
import { withLookupGap } from '../drift/not-comparable.ts'
import { renderTarget } from '../render/index.ts'
import type { ClusterInfo } from '../render/index.ts'
import type { DesiredObject, DriftReport, HelmLookupGap, TargetReport } from '../types.ts'
import { detectTarget } from './detect-target.ts'
import { HelmKubeconfigFiles, helmLookupAccess } from './helm-lookup-access.ts'

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

export interface RenderedTarget {
  target: Target
  objects: DesiredObject[]
  notes: string[]
  /** a Helm chart that uses lookup, rendered without the cluster. */
  lookupGap?: HelmLookupGap
}

export interface CheckResult {
  report: DriftReport
  requests: number
  /** the desired objects of each target, as rendered (reconcile applies them). */
  rendered: RenderedTarget[]
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
      const { objects, notes, lookupGap } = await renderTarget(target, options.cwd, {
        cluster: async () => (await sessions.get(target.context)).info(),
        helmLookup: async () => {
          const session = await sessions.get(target.context)
          return session.helmLookup(helmKubeconfigs)
        }
      })
      progress(`${target.name}: rendered ${objects.length} objects (${target.renderer})`)
      rendered.push({ target, objects, notes, ...(lookupGap ? { lookupGap } : {}) })
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
  for (const { target, objects, notes, lookupGap } of rendered) {
    const session = await sessions.get(target.context)
    const report = await detectTarget(session.client, target, objects, {
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
    targets.push(
      withLookupGap({ ...report, notes: [...notes, ...report.notes, ...keyNote] }, lookupGap)
    )
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
    rendered
  }
}

/** One connection per kubeconfig context, opened on first use. */
export class ClusterSessions {
  private readonly pending = new Map<string, Promise<ClusterSession>>()
  private readonly opened: ClusterSession[] = []
  private readonly options: Pick<CheckOptions, 'kubeconfig' | 'timeoutMs' | 'progress'>

  constructor(options: Pick<CheckOptions, 'kubeconfig' | 'timeoutMs' | 'progress'>) {
    this.options = options
  }

  get(context: string | undefined): Promise<ClusterSession> {
    const key = context ?? ''
    let session = this.pending.get(key)
    if (!session) {
      const source = {
        ...this.options.kubeconfig,
        context: context ?? this.options.kubeconfig.context
      }
      session = openSession(source, this.options).then(opened => {
        this.opened.push(opened)
        return opened
      })
      this.pending.set(key, session)
    }
    return session
  }

  requestCount(): number {
    return this.opened.reduce((sum, session) => sum + session.client.requestCount, 0)
  }
}

export interface ClusterSession {
  client: ClusterClient
  context: string
  version: string
  defaultNamespace: string
  /** the server's OpenAPI schemas, for objects compared locally. */
  schemas: OpenApiSchemas
  /** What renderers may ask of the cluster. */
  info(): Promise<ClusterInfo>
  /** What helm needs to render a chart that uses lookup with this context. */
  helmLookup(files: HelmKubeconfigFiles): ReturnType<typeof helmLookupAccess>
}

async function openSession(
  source: KubeconfigSource,
  options: Pick<CheckOptions, 'timeoutMs' | 'progress'>
): Promise<ClusterSession> {
  const loaded = loadKubeconfig(source)
  const client = new ClusterClient(loaded, { timeoutMs: options.timeoutMs })
  const version = await client.version()
  const defaultNamespace = contextNamespace(loaded.kc) ?? 'default'
  options.progress?.(`cluster ${client.server} (context ${loaded.context}, ${version})`)
  return {
    client,
    context: loaded.context,
    version,
    defaultNamespace,
    schemas: new OpenApiSchemas(
      (path, query) =>
        client.http.request<string>({ method: 'GET', path, query, responseType: 'text' }),
      version,
      defaultOpenApiCacheDir()
    ),
    info: async () => {
      await client.discovery.load()
      const failures = client.discovery.incomplete()
      if (failures.length > 0) {
        // Helm would render against a partial list of API versions: no render at all is better.
        throw new Error(`API discovery failed (${failures.join('; ')})`)
      }
      return { version, apiVersions: client.discovery.apiVersions(), defaultNamespace }
    },
    helmLookup: files => helmLookupAccess(client, loaded, files)
  }
}

/** terraform plan -detailed-exitcode: 0 in sync, 2 drift, 1 error. */
export function exitCodeOf(report: DriftReport): 0 | 1 | 2 {
  const s = report.summary
  if (s.errors > 0) return 1
  return s.drifted + s.missing + s.extra > 0 ? 2 : 0
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
