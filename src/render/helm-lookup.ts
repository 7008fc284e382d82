// Rendering a chart that uses `lookup`. `helm template` does no lookups, so a
// chart that keeps a generated value (a random password) only when lookup
// finds the live object renders a new one every time: false drift. With the
// cluster, helm's own read-only templating is used:
//
//   helm template --dry-run=server --is-upgrade --kubeconfig=<0600 file> --kube-context=<ctx>
//
// `helm template` never writes: it keeps the release in memory and only reads
// through lookup (helm 3: everything else stays client-side; helm 4 also reads
// discovery and checks ownership of existing objects, still without writing).
// `--is-upgrade` is given when the release exists, as `helm upgrade` would set
// `.Release.IsUpgrade`. The kubeconfig goes as a flag, never through the
// environment, and the environment is cleared of kubeconfig and helm-cluster
// variables that would override it.
//
// Without the cluster (lookup off, or the identity may not read what the chart
// looks up), the chart is rendered twice offline: what differs between the two
// renders was generated at render time (random, time) and is not comparable;
// what the templates derive from lookup is named too (see helm-lookup-scan.ts).
import { readFile } from 'node:fs/promises'
import type { LookupUsage } from './helm-lookup-scan.ts'
import { scanChartForLookup } from './helm-lookup-scan.ts'
import { cleanStderr, ToolFailedError } from './tool.ts'
import type { ToolEnv } from './tool.ts'

/** What rendering with the cluster needs, from the cluster side (engine/). */
export interface HelmLookupAccess {
  /** whether helm has a release of this name in the namespace (its release Secrets). */
  release(namespace: string, name: string): Promise<ReleaseState>
  /** a 0600 kubeconfig file holding only the target's context (written on first ask). */
  kubeconfig(): Promise<HelmKubeconfig>
}

export interface HelmKubeconfig {
  file: string
  context: string
}

export type ReleaseState = { exists: boolean } | { unknown: string }

export interface LookupRenderInput {
  chartRoot: string
  /** absolute paths of the target's values files (`tpl` may evaluate lookup written there). */
  valuesFiles: string[]
  release: string
  namespace: string
  /** the target's policy: render with the cluster when the chart uses lookup. */
  lookup: boolean
  access?: () => Promise<HelmLookupAccess>
  /** the offline `helm template` arguments. */
  args: string[]
  env: ToolEnv
  /** runs helm with these arguments and environment; failures are mapped by the caller. */
  run: (args: string[], env: ToolEnv) => Promise<string>
}

export interface LookupRenderOutput {
  output: string
  notes: string[]
  /** set when the chart uses lookup and was rendered without the cluster. */
  offline?: {
    /** why lookup did not run. */
    reason: string
    /** the same chart rendered a second time: differences were generated at render time. */
    second: string
    usage: LookupUsage
  }
}

/** Environment variables through which a kubeconfig or helm's cluster settings could reach helm. */
const KUBE_ENV = /^(KUBECONFIG|HELM_KUBE[A-Z_]*|HELM_DRIVER[A-Z_]*)$/

export async function renderWithLookup(input: LookupRenderInput): Promise<LookupRenderOutput> {
  const env = withoutKubeEnv(input.env)
  const values = await Promise.all(input.valuesFiles.map(file => readFile(file, 'utf8')))
  const usage = await scanChartForLookup(input.chartRoot, values)
  if (usage.direct.length === 0) return { output: await input.run(input.args, env), notes: [] }
  // As helm upgrade renders it when the release exists, with or without the cluster.
  const access = input.access ? await input.access() : undefined
  const release = access
    ? await access.release(input.namespace, input.release)
    : { unknown: 'no cluster connection' }
  const upgrade = 'exists' in release && release.exists
  const args = upgrade ? withFlags(input.args, ['--is-upgrade']) : input.args
  const notes: string[] = []
  if ('unknown' in release) {
    notes.push(
      `Could not tell whether release ${input.release} exists (${release.unknown}): rendered as a first install; templates that test .Release.IsUpgrade may differ from what helm upgrade renders.`
    )
  }
  if (!input.lookup || !access) {
    return offline(input, args, env, usage, notes, 'helm-lookup is off for this target')
  }
  const kubeconfig = await access.kubeconfig()
  let output: string
  try {
    output = await input.run(withClusterLookup(args, kubeconfig), env)
  } catch (error) {
    const forbidden = lookupForbidden(error)
    if (forbidden === undefined) throw error
    const reason = `the identity may not read what the chart looks up (${forbidden})`
    return offline(input, args, env, usage, notes, reason)
  }
  const how = upgrade
    ? `as an upgrade of release ${input.release} (.Release.IsUpgrade)`
    : `as a first install of release ${input.release}`
  notes.unshift(
    `The chart uses lookup (${usage.direct.join(', ')}): rendered with the cluster's objects (read-only helm template --dry-run=server), ${how}.`
  )
  return { output, notes }
}

async function offline(
  input: LookupRenderInput,
  args: string[],
  env: ToolEnv,
  usage: LookupUsage,
  notes: string[],
  reason: string
): Promise<LookupRenderOutput> {
  const output = await input.run(args, env)
  const second = await input.run(args, env)
  return { output, notes, offline: { reason, second, usage } }
}

/** The offline arguments with the flags that let lookup read the cluster. */
export function withClusterLookup(args: string[], kubeconfig: HelmKubeconfig): string[] {
  return withFlags(args, [
    '--dry-run=server',
    // helm 4 checks that existing objects belong to the release unless it renders an upgrade
    // (a read, not a write): objects deployed by other means must not fail the render.
    '--take-ownership',
    `--kubeconfig=${kubeconfig.file}`,
    `--kube-context=${kubeconfig.context}`
  ])
}

/** Flags added before a `--` when there is one (everything after it is a release name or chart path). */
export function withFlags(args: string[], flags: string[]): string[] {
  const end = args.indexOf('--')
  return end === -1 ? [...args, ...flags] : [...args.slice(0, end), ...flags, ...args.slice(end)]
}

/** The environment without a kubeconfig or helm cluster settings (they would override the flags). */
export function withoutKubeEnv(env: ToolEnv): ToolEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !KUBE_ENV.test(name)))
}

/**
 * The reason when helm failed because lookup was refused (403), e.g.
 * `error calling lookup: secrets "x" is forbidden: User "reader" cannot get ...`.
 */
export function lookupForbidden(error: unknown): string | undefined {
  if (!(error instanceof ToolFailedError)) return undefined
  const detail = cleanStderr(error.stderr)
  const match = /error calling lookup: ([^\n]*\bforbidden\b[^\n]*)/.exec(detail)
  return match?.[1]
}
