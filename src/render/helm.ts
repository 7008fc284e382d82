// The Helm renderer: `helm template`, as `helm install` would render the chart
// into this cluster: its Kubernetes version and API versions are passed in, so
// templates that branch on `.Capabilities` take the same branch. Local
// dependencies under charts/ are used; missing ones are an error, never a
// download. Hooks are left out (helm keeps no record of them) unless asked.
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { HelmSettings, Target } from '../config/target.ts'
import type { DesiredObject, HelmLookupGap } from '../types.ts'
import { CHART_FILE } from './detect.ts'
import { assertNoDuplicates } from './duplicates.ts'
import { helmErrorLocation, isMissingDependency } from './helm-errors.ts'
import { helmVersion } from './helm-version.ts'
import { lookupGapOf } from './helm-lookup-fields.ts'
import { renderWithLookup } from './helm-lookup.ts'
import type { HelmLookupAccess } from './helm-lookup.ts'
import { parseHelmOutput, sourcePaths, HOOK_ANNOTATION } from './helm-output.ts'
import type { ChartFile } from './helm-output.ts'
import type { ClusterInfo } from './index.ts'
import { releaseNameProblem, SET_RELEASE_HINT } from '../config/release-name.ts'
import { renderErrorAt } from './render-error.ts'
import { assertNoEscapingSymlinks } from './symlink-guard.ts'
import type { RenderResult } from './render-result.ts'
import { formatResource, keyOf } from '../util/resource-identity.ts'
import { cleanStderr, requireTool, runTool, ToolFailedError } from './tool.ts'
import type { ToolEnv } from './tool.ts'
import { relativePosixOrDot } from '../util/paths.ts'

export interface HelmRenderOptions {
  cwd: string
  env: ToolEnv
  cluster: () => Promise<ClusterInfo>
  /** the cluster for charts that use lookup, when the target allows it (helm-lookup.ts). */
  lookup?: () => Promise<HelmLookupAccess>
}

export interface HelmRenderResult extends RenderResult {
  notes: string[]
  /** a chart that uses lookup, rendered without the cluster: what cannot be compared. */
  lookupGap?: HelmLookupGap
}

interface Chart {
  /** absolute */
  root: string
  /** relative to the working directory */
  relative: string
}

export async function renderHelm(
  target: Target,
  options: HelmRenderOptions
): Promise<HelmRenderResult> {
  const chart = await chartOf(target, options.cwd)
  const settings: HelmSettings = target.helm ?? {
    release: path.basename(chart.root),
    values: [],
    set: [],
    includeHooks: false
  }
  const problem = releaseNameProblem(settings.release)
  if (problem) {
    throw renderErrorAt(
      chart.relative,
      undefined,
      `"${settings.release}" is not a valid Helm release name (${problem}): ${SET_RELEASE_HINT}`
    )
  }
  const values = await valuesFiles(settings.values, target, options.cwd)
  await assertNoEscapingSymlinks(chart.root, {
    cwd: options.cwd,
    what: 'the chart',
    workspace: target.workspace
  })
  const helm = await requireTool('helm', options.env, `target "${target.name}" (helm)`)
  await helmVersion(helm, options.env, options.cwd)
  const info = await options.cluster()
  const namespace = target.namespace ?? info.defaultNamespace ?? 'default'
  const args = helmTemplateArgs({
    release: settings.release,
    chart: chart.root,
    namespace,
    values,
    set: settings.set,
    cluster: info
  })
  const rendered = await renderWithLookup({
    chartRoot: chart.root,
    valuesFiles: values,
    release: settings.release,
    namespace,
    lookup: settings.lookup === true,
    access: options.lookup,
    args,
    env: options.env,
    run: (toolArgs, env) =>
      runTool(helm, toolArgs, { cwd: options.cwd, env, label: 'helm template' })
  }).catch((error: unknown) => {
    throw helmError(error, chart)
  })
  const files = new Map<string, ChartFile>()
  const parse = async (output: string) => {
    for (const template of sourcePaths(output)) {
      if (!files.has(template)) files.set(template, await chartFile(template, chart))
    }
    const parsed = parseHelmOutput(output, template => files.get(template) ?? fallbackFile(chart))
    const objects = settings.includeHooks ? [...parsed.objects, ...parsed.hooks] : parsed.objects
    return { parsed, objects }
  }
  const { parsed, objects } = await parse(rendered.output)
  if (objects.length === 0) throw nothingRendered(chart, parsed.hooks.length)
  assertNoDuplicates(objects)
  const notes = settings.includeHooks || parsed.hooks.length === 0 ? [] : [hooksNote(parsed.hooks)]
  notes.push(...rendered.notes)
  if (!rendered.offline) return { objects, skipped: parsed.skipped, notes }
  const { reason, second, usage } = rendered.offline
  const again = await parse(second)
  const lookupGap = lookupGapOf(objects, again.objects, usage, reason)
  return { objects, skipped: parsed.skipped, notes, lookupGap }
}

export interface HelmTemplateArgs {
  release: string
  chart: string
  namespace: string
  /** absolute paths */
  values: string[]
  set: string[]
  cluster: ClusterInfo
}

/**
 * Every value is joined to its flag (`--values=<file>`) and the release and chart
 * come after `--`, so nothing from the repository or the cluster is read as a flag.
 */
export function helmTemplateArgs(input: HelmTemplateArgs): string[] {
  const args = ['template', `--namespace=${input.namespace}`, '--include-crds']
  for (const file of input.values) args.push(`--values=${file}`)
  for (const entry of input.set) args.push(`--set=${entry}`)
  // helm checks the version as semver; an unknown one is left to helm's default.
  if (/^v?\d+\.\d+/.test(input.cluster.version)) {
    args.push(`--kube-version=${input.cluster.version}`)
  }
  for (const apiVersion of input.cluster.apiVersions) args.push(`--api-versions=${apiVersion}`)
  args.push('--', input.release, input.chart)
  return args
}

async function chartOf(target: Target, cwd: string): Promise<Chart> {
  const [input, ...more] = target.paths
  if (input === undefined || more.length > 0) {
    throw renderErrorAt(
      target.paths.join(', ') || '.',
      undefined,
      `a helm target takes exactly one chart directory (got ${target.paths.length}); make one target per chart`
    )
  }
  const absolute = path.resolve(cwd, input)
  const stats = await stat(absolute).catch(() => undefined)
  if (!stats) throw renderErrorAt(input, undefined, 'no such file or directory')
  const root = stats.isDirectory() ? absolute : path.dirname(absolute)
  if (!stats.isDirectory() && path.basename(absolute) !== CHART_FILE) {
    throw renderErrorAt(input, undefined, 'a helm target is a chart directory (with Chart.yaml)')
  }
  const relative = relativePosixOrDot(cwd, root)
  const chartStats = await stat(path.join(root, CHART_FILE)).catch(() => undefined)
  if (!chartStats?.isFile()) {
    throw renderErrorAt(relative, undefined, `not a Helm chart: no ${CHART_FILE}`)
  }
  return { root, relative }
}

async function valuesFiles(files: string[], target: Target, cwd: string): Promise<string[]> {
  const resolved: string[] = []
  for (const file of files) {
    const absolute = path.resolve(cwd, file)
    const stats = await stat(absolute).catch(() => undefined)
    if (!stats?.isFile()) {
      throw renderErrorAt(file, undefined, `values file of target "${target.name}" not found`)
    }
    resolved.push(absolute)
  }
  return resolved
}

/**
 * The file behind a `# Source:` path. Helm names it from the chart's name, not
 * its folder (`web/charts/db/templates/x.yaml`), so the first segment is dropped;
 * a subchart packed as a .tgz has no file on disk and points at the chart.
 */
async function chartFile(template: string, chart: Chart): Promise<ChartFile> {
  const inChart = template.split('/').slice(1)
  const absolute = path.join(chart.root, ...inChart)
  const text = await readFile(absolute, 'utf8').catch(() => undefined)
  if (text === undefined) return fallbackFile(chart)
  return { file: joinPosix(chart.relative, ...inChart), text, verbatim: isCrdFile(inChart) }
}

function fallbackFile(chart: Chart): ChartFile {
  return { file: joinPosix(chart.relative, CHART_FILE), verbatim: false }
}

/** `crds/x.yaml`, or `charts/<sub>/crds/x.yaml` at any depth; not `templates/crds/x.yaml`. */
function isCrdFile(segments: string[]): boolean {
  let index = 0
  while (segments[index] === 'charts' && segments.length > index + 2) index += 2
  return segments[index] === 'crds'
}

function helmError(error: unknown, chart: Chart): Error {
  if (!(error instanceof ToolFailedError)) return error as Error
  const detail = cleanStderr(error.stderr) || error.message
  if (isMissingDependency(detail)) {
    return renderErrorAt(
      joinPosix(chart.relative, CHART_FILE),
      undefined,
      `helm template failed: ${detail}. kube-drift renders offline and never downloads dependencies: put them under charts/ (helm dependency build) before running it`,
      { cause: error }
    )
  }
  const location = helmErrorLocation(detail)
  const file = location
    ? joinPosix(chart.relative, ...location.template.split('/').slice(1))
    : chart.relative
  return renderErrorAt(file, location?.line, `helm template failed: ${detail}`, { cause: error })
}

/** Rendering nothing would compare nothing and report a false "in sync". */
function nothingRendered(chart: Chart, hooks: number): Error {
  const why =
    hooks > 0
      ? `only ${hooks} Helm hook(s), which are left out (set includeHooks to compare them)`
      : 'no Kubernetes objects (check the values and the conditions in the templates)'
  return renderErrorAt(chart.relative, undefined, `the chart rendered ${why}`)
}

function hooksNote(hooks: DesiredObject[]): string {
  const listed = hooks
    .map(({ object }) => {
      return `${formatResource(keyOf(object))} (${object.metadata.annotations?.[HOOK_ANNOTATION] ?? ''})`
    })
    .join(', ')
  return `Left out ${hooks.length} Helm hook(s) (${HOOK_ANNOTATION}): helm does not keep them in the release. ${listed}`
}

function joinPosix(...segments: string[]): string {
  return path.posix.join(...segments)
}
