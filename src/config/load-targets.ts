// Turns what the user gave (CLI flags or action inputs, or a .kube-drift.yaml)
// into validated targets. One place, so the CLI and the action agree on every
// default: renderer detection, helm release names, how Extra is tracked.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { detectRenderer, renderRoot } from './detect-renderer.ts'
import type { IgnoreRule } from '../types.ts'
import { ConfigError, readConfigFile, type ConfigTarget } from './config-file.ts'
import { targetHelmLookup } from './helm-lookup-policy.ts'
import { parseIgnoreRules } from './ignore-rules.ts'
import { releaseNameProblem, SET_RELEASE_HINT } from './release-name.ts'
import { RENDERERS } from './target.ts'
import { assertInsideWorkspace } from './workspace.ts'
import type { HelmSettings, Renderer, Target } from './target.ts'
import { isFile } from '../util/paths.ts'

export interface TargetRequest {
  cwd: string
  /** manifests paths (files, directories, globs); default: .kube-drift.yaml when present, else '.'. */
  paths?: string[]
  /** a .kube-drift.yaml with several targets. */
  configPath?: string
  /** pick one target of the config by name. */
  target?: string
  /** `auto` (default) detects each path's renderer. */
  renderer?: string
  namespace?: string
  selector?: string
  /** ignore rules as YAML text, and where they came from (for error messages); added to every target. */
  ignore?: { text: string; origin: string }
  /** a file of ignore rules, added to every target. */
  ignoreFile?: string
  context?: string
  /** the release of the Helm chart among the paths (default: the chart folder's name). */
  helmRelease?: string
  /** values files of the Helm chart among the paths. */
  helmValues?: string[]
  /** render charts that use lookup with the cluster (the run's policy; absent: off). */
  helmLookup?: boolean
  /** how messages name where helmRelease came from (default: the CLI flag). */
  helmReleaseSource?: string
  /**
   * Confine every path (manifests, config, values, ignore file, kustomize bases) to
   * `cwd`, symlinks resolved: the action's default, as the repository may be hostile.
   */
  confineToCwd?: boolean
  /** let kustomize fetch remote bases (URLs, git repositories); off by default. */
  allowRemoteBases?: boolean
}

/** The config file looked for when neither paths nor a config are given. */
export const DEFAULT_CONFIG_FILE = '.kube-drift.yaml'

const HELM_MANAGED_BY = 'app.kubernetes.io/managed-by=Helm'
const HELM_RELEASE_NAME = 'meta.helm.sh/release-name'
const HELM_RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace'

export async function loadTargets(request: TargetRequest): Promise<Target[]> {
  const renderer = checkRenderer(request.renderer)
  checkRequestedRelease(request)
  const paths = request.paths?.filter(p => p !== '') ?? []
  await confine(request, paths, 'path')
  await confine(request, request.helmValues ?? [], 'helm-values file')
  if (request.ignoreFile) await confine(request, [request.ignoreFile], 'ignore file')
  const ignore = await commonIgnoreRules(request)
  let configPath = request.configPath
  if (
    !configPath &&
    paths.length === 0 &&
    (await isFile(path.join(request.cwd, DEFAULT_CONFIG_FILE)))
  ) {
    configPath = DEFAULT_CONFIG_FILE
  }
  if (configPath) {
    await confine(request, [configPath], 'config file')
    return targetsFromConfig(configPath, request, renderer, ignore, paths)
  }
  if (request.target)
    throw new ConfigError(`a target name ("${request.target}") needs a config file`)
  return targetsFromPaths(paths.length > 0 ? paths : ['.'], request, renderer, ignore)
}

/** A release name given on the command line or as an input, checked before any file is read. */
function checkRequestedRelease(request: TargetRequest): void {
  if (!request.helmRelease) return
  const problem = releaseNameProblem(request.helmRelease)
  if (problem) {
    const source = request.helmReleaseSource ?? '--helm-release'
    throw new ConfigError(
      `${source}: "${request.helmRelease}" is not a valid Helm release name: ${problem}`
    )
  }
}

/** With confineToCwd, refuses any of `inputs` that resolves outside the working directory. */
async function confine(request: TargetRequest, inputs: string[], what: string): Promise<void> {
  if (!request.confineToCwd) return
  for (const input of inputs) await assertInsideWorkspace(input, request.cwd, request.cwd, what)
}

function checkRenderer(value: string | undefined): Renderer | 'auto' {
  if (value === undefined || value === '' || value === 'auto') return 'auto'
  if (RENDERERS.includes(value as Renderer)) return value as Renderer
  throw new ConfigError(`unknown renderer "${value}" (expected auto, ${RENDERERS.join(', ')})`)
}

async function commonIgnoreRules(request: TargetRequest): Promise<IgnoreRule[]> {
  const ignore: IgnoreRule[] = []
  if (request.ignore) ignore.push(...parseIgnoreRules(request.ignore.text, request.ignore.origin))
  if (request.ignoreFile) {
    const file = path.resolve(request.cwd, request.ignoreFile)
    ignore.push(...parseIgnoreRules(await readFile(file, 'utf8'), request.ignoreFile))
  }
  return ignore
}

async function targetsFromConfig(
  configPath: string,
  request: TargetRequest,
  renderer: Renderer | 'auto',
  ignore: IgnoreRule[],
  paths: string[]
): Promise<Target[]> {
  // Settings that belong to a target would silently apply to all, or to none: refuse them.
  const conflicting = [
    paths.length > 0 && 'path',
    renderer !== 'auto' && 'renderer',
    request.namespace && 'namespace',
    request.selector && 'selector',
    request.helmRelease && 'helm-release',
    request.helmValues?.length && 'helm-values'
  ].filter(Boolean)
  if (conflicting.length > 0) {
    throw new ConfigError(
      `${conflicting.join(', ')} cannot be combined with the config file ${configPath}: set them on its targets`
    )
  }
  const config = await readConfigFile(configPath, request.cwd)
  let chosen = config.targets
  if (request.target) {
    chosen = config.targets.filter(t => nameOf(t) === request.target)
    if (chosen.length === 0) {
      const names = config.targets.map(t => `"${nameOf(t)}"`).join(', ')
      throw new ConfigError(
        `${configPath}: no target named "${request.target}" (targets: ${names})`
      )
    }
  }
  const targets: Target[] = []
  for (const written of chosen) {
    const target = await resolveTarget(written, request, [
      ...ignore,
      ...config.ignore,
      ...written.ignore
    ])
    targets.push(config.severity.length > 0 ? { ...target, severity: config.severity } : target)
  }
  return targets
}

function nameOf(target: ConfigTarget): string {
  return target.name ?? target.paths.join(', ')
}

/** A config target with its renderer detected and its defaults filled in. */
async function resolveTarget(
  written: ConfigTarget,
  request: TargetRequest,
  ignore: IgnoreRule[]
): Promise<Target> {
  const where = `${written.location}: target "${nameOf(written)}"`
  const renderer = await rendererOf(written.paths, written.renderer, request.cwd, where)
  if (written.helm && renderer !== 'helm') {
    throw new ConfigError(`${where}: has helm settings, but ${written.paths[0]} is ${renderer}`)
  }
  if (written.kustomize && renderer !== 'kustomize') {
    throw new ConfigError(
      `${where}: has kustomize settings, but ${written.paths[0]} is ${renderer}`
    )
  }
  await confine(request, written.paths, `${where}: path`)
  await confine(request, written.helm?.values ?? [], `${where}: helm values file`)
  const target: Target = {
    name: nameOf(written),
    renderer,
    paths: written.paths,
    namespace: written.namespace,
    selector: written.selector,
    ignore,
    context: written.context ?? request.context,
    ...confinement(request)
  }
  if (renderer === 'helm') {
    const helm = written.helm
    const release =
      helm?.release ?? (await defaultRelease(written.paths[0] ?? '.', request.cwd, where))
    addHelm(target, {
      release,
      values: helm?.values ?? [],
      set: helm?.set ?? [],
      includeHooks: helm?.includeHooks ?? false,
      ...helmLookupOf(request.helmLookup, helm?.lookup)
    })
  }
  if (renderer === 'kustomize') {
    target.kustomize = {
      enableHelm: written.kustomize?.enableHelm ?? false,
      allowRemoteBases: request.allowRemoteBases ?? false
    }
  }
  return target
}

/** The folder a confined target's renderer may not reach outside of. */
function confinement(request: TargetRequest): Pick<Target, 'workspace'> {
  return request.confineToCwd ? { workspace: request.cwd } : {}
}

/** One renderer for the paths; kustomize and helm take exactly one folder. */
async function rendererOf(
  paths: string[],
  given: Renderer | 'auto',
  cwd: string,
  where: string
): Promise<Renderer> {
  if (given !== 'auto') {
    if (given !== 'plain' && paths.length !== 1) {
      throw new ConfigError(
        `${where}: a ${given} target takes exactly one path (got ${paths.length})`
      )
    }
    return given
  }
  const detected = await Promise.all(paths.map(p => detectRenderer(p, cwd)))
  if (detected.every(r => r === 'plain')) return 'plain'
  if (paths.length === 1) return detected[0] as Renderer
  const index = detected.findIndex(r => r !== 'plain')
  throw new ConfigError(
    `${where}: ${paths[index]} is a ${detected[index]} folder, which must be a target of its own`
  )
}

/**
 * Targets from paths: plain ones together as one target (as `kubectl apply -f a -f b`),
 * each kustomization and chart a target of its own.
 */
async function targetsFromPaths(
  paths: string[],
  request: TargetRequest,
  renderer: Renderer | 'auto',
  ignore: IgnoreRule[]
): Promise<Target[]> {
  const base = {
    namespace: request.namespace,
    selector: request.selector,
    ignore,
    context: request.context,
    ...confinement(request)
  }
  const detected =
    renderer === 'auto'
      ? await Promise.all(paths.map(p => detectRenderer(p, request.cwd)))
      : paths.map(() => renderer)
  const plain = paths.filter((_, i) => detected[i] === 'plain')
  const targets: Target[] = []
  if (plain.length > 0)
    targets.push({ name: plain.join(', '), renderer: 'plain', paths: plain, ...base })
  const charts = paths.filter((_, i) => detected[i] === 'helm')
  if ((request.helmRelease || request.helmValues?.length) && charts.length !== 1) {
    throw new ConfigError(
      charts.length === 0
        ? 'helm-release and helm-values need a path that is a Helm chart (a folder with Chart.yaml)'
        : `helm-release and helm-values apply to one chart, and ${charts.length} paths are charts: use a config file`
    )
  }
  for (const [index, input] of paths.entries()) {
    const kind = detected[index]
    if (kind === 'kustomize') {
      targets.push({
        name: input,
        renderer: kind,
        paths: [input],
        ...base,
        kustomize: { enableHelm: false, allowRemoteBases: request.allowRemoteBases ?? false }
      })
    } else if (kind === 'helm') {
      const target: Target = { name: input, renderer: kind, paths: [input], ...base }
      addHelm(target, {
        release:
          request.helmRelease || (await defaultRelease(input, request.cwd, `path "${input}"`)),
        values: request.helmValues ?? [],
        set: [],
        includeHooks: false,
        ...helmLookupOf(request.helmLookup, undefined)
      })
      targets.push(target)
    }
  }
  return targets
}

/**
 * Helm settings, and helm's own record of what it deployed as the tracking for
 * Extra: the managed-by label it adds, narrowed by the release annotations.
 */
function addHelm(target: Target, helm: HelmSettings): void {
  target.helm = helm
  target.tracking = {
    selector: HELM_MANAGED_BY,
    annotations: { [HELM_RELEASE_NAME]: helm.release },
    // The release namespace is the target's, or the context's when it names none.
    namespaceAnnotation: HELM_RELEASE_NAMESPACE
  }
}

/** `lookup: true` when the chart may render with the cluster; absent (off) otherwise. */
function helmLookupOf(run: boolean | undefined, fromConfig: boolean | undefined) {
  return targetHelmLookup(run, fromConfig) ? { lookup: true } : {}
}

/** The chart folder's name, when it is a valid release name; `where` names the target. */
async function defaultRelease(input: string, cwd: string, where: string): Promise<string> {
  const folder = path.basename(await renderRoot(input, cwd))
  const problem = releaseNameProblem(folder)
  if (problem) {
    throw new ConfigError(
      `${where}: the Helm release name defaults to the chart folder's name, "${folder}", which is not a valid release name (${problem}): ${SET_RELEASE_HINT}`
    )
  }
  return folder
}
