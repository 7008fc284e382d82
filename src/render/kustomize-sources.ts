// What a kustomization pulls in, checked before kustomize runs. kustomize
// fetches a remote resource, base or component with `git fetch` (and a
// helmCharts `repo` with `helm pull`), so a pull request could make the
// runner download and build anything: remote sources are refused unless the
// user opts in. Every local base is walked too: its symlinks must stay inside
// it, and a helmCharts release name must be one Helm accepts, as kustomize
// hands it to helm as an argument.
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { releaseNameProblem } from '../config/release-name.ts'
import {
  YamlPositionError,
  keyName,
  parseWithPositions,
  type YamlPath
} from '../config/yaml-positions.ts'
import { findKustomizationFile } from '../config/detect-renderer.ts'
import { renderErrorAt } from './render-error.ts'
import { parseYamlDocuments } from './yaml-documents.ts'
import { assertNoEscapingSymlinks } from './symlink-guard.ts'
import { relativePosixOrDot } from '../util/paths.ts'

/** Fields whose entries are files, folders or (remote) kustomizations. */
const SOURCE_FIELDS = [
  'resources',
  'bases',
  'components',
  'generators',
  'transformers',
  'validators'
]

/** Fields whose file entries are plugin configurations (a HelmChartInflationGenerator among them). */
const PLUGIN_FIELDS = new Set(['generators', 'transformers', 'validators'])

/** kustomize's built-in helm plugin, as a configuration file in `generators`. */
const HELM_GENERATOR_KIND = 'HelmChartInflationGenerator'

/** More kustomizations than any real tree; a bigger one is refused, not half-checked. */
const MAX_KUSTOMIZATIONS = 500

export const REMOTE_BASES_HINT =
  'kube-drift does not let kustomize fetch remote bases unless the `kustomize-remote-bases: true` input (or --allow-remote-bases) is set'

export interface KustomizationCheckOptions {
  cwd: string
  allowRemote: boolean
  workspace?: string
}

/** Checks `root` and every local kustomization it reaches; throws a RenderError at the first problem. */
export async function checkKustomizationSources(
  root: string,
  options: KustomizationCheckOptions
): Promise<void> {
  const seen = new Set<string>()
  const pending = [root]
  for (let directory = pending.pop(); directory !== undefined; directory = pending.pop()) {
    if (seen.has(directory)) continue
    seen.add(directory)
    if (seen.size > MAX_KUSTOMIZATIONS) {
      throw renderErrorAt(
        relativePosixOrDot(options.cwd, root),
        undefined,
        `the kustomization reaches more than ${MAX_KUSTOMIZATIONS} kustomizations; kube-drift checks each one before building and stops there`
      )
    }
    await assertNoEscapingSymlinks(directory, {
      cwd: options.cwd,
      what: 'the kustomization',
      workspace: options.workspace
    })
    const file = await findKustomizationFile(directory)
    if (file === undefined) continue
    pending.push(...(await localSources(file, options)))
  }
}

/**
 * The local folders `file` refers to (bases, components, a helm chartHome), each
 * checked in turn; remote or missing sources are refused on the way.
 */
async function localSources(file: string, options: KustomizationCheckOptions): Promise<string[]> {
  const shown = relativePosixOrDot(options.cwd, file)
  let parsed
  try {
    parsed = parseWithPositions(await readFile(file, 'utf8'), shown)
  } catch (error) {
    if (!(error instanceof YamlPositionError)) throw error
    throw renderErrorAt(shown, error.line, error.message, { cause: error })
  }
  const fail = (at: YamlPath, message: string): never => {
    throw renderErrorAt(shown, parsed.lineOf(at), `${keyName(at)}: ${message}`)
  }
  const document = parsed.value
  if (!isRecord(document)) return []
  const directory = path.dirname(file)
  const folders: string[] = []
  for (const field of SOURCE_FIELDS) {
    const entries = document[field]
    if (!Array.isArray(entries)) continue
    for (const [index, entry] of entries.entries()) {
      // generators and transformers may also be written inline, as objects.
      if (typeof entry !== 'string') continue
      const absolute = path.resolve(directory, entry)
      const stats = await stat(absolute).catch(() => undefined)
      if (stats?.isDirectory()) folders.push(absolute)
      // A plugin configuration file may be a helm chart of its own, given to helm
      // just like a helmCharts entry: the same checks, and its chart is walked.
      if (stats?.isFile() && PLUGIN_FIELDS.has(field)) {
        folders.push(...(await helmGenerators(absolute, directory, options)))
      }
      if (stats || options.allowRemote) continue
      fail(
        [field, index],
        looksRemote(entry)
          ? `"${entry}" is a remote source: ${REMOTE_BASES_HINT}`
          : `"${entry}" does not exist (and kustomize would look for it remotely): ${REMOTE_BASES_HINT}`
      )
    }
  }
  if (!options.allowRemote) checkNoDownloads(document, [], fail)
  checkHelmCharts(document.helmCharts, options, fail)
  // Charts kept elsewhere are walked too: helm reads every file of them.
  const globals = document.helmGlobals
  const chartHome = isRecord(globals) ? globals.chartHome : undefined
  folders.push(...(await chartFolders(document.helmCharts, directory, chartHome)))
  return folders
}

/**
 * The HelmChartInflationGenerator configurations in the plugin file `file`
 * (kustomize accepts one per document), checked like helmCharts entries; the
 * chart folders they name, to be walked.
 */
async function helmGenerators(
  file: string,
  directory: string,
  options: KustomizationCheckOptions
): Promise<string[]> {
  const shown = relativePosixOrDot(options.cwd, file)
  const folders: string[] = []
  for (const { value, line } of parseYamlDocuments(await readFile(file, 'utf8'), shown)) {
    if (!isRecord(value)) continue
    const fail = (at: YamlPath, message: string): never => {
      throw renderErrorAt(shown, line, `${String(value.kind)} ${keyName(at)}: ${message}`)
    }
    if (!options.allowRemote) checkNoDownloads(value, [], fail)
    if (value.kind !== HELM_GENERATOR_KIND) continue
    checkHelmCharts([value], options, (at, message) => fail(at.slice(2), message))
    folders.push(...(await chartFolders([value], directory, value.chartHome)))
  }
  return folders
}

/**
 * A chart home given explicitly, and the folder of each chart, as kustomize finds
 * it (`<chartHome>/<name>`, chartHome `charts` by default): a name such as
 * `../../elsewhere` leads out of the chart home, and helm reads every file of the
 * folder it leads to.
 */
async function chartFolders(
  charts: unknown,
  directory: string,
  chartHome: unknown
): Promise<string[]> {
  const home = path.resolve(directory, typeof chartHome === 'string' ? chartHome : 'charts')
  const folders: string[] = []
  for (const chart of Array.isArray(charts) ? charts : []) {
    if (isRecord(chart) && typeof chart.name === 'string' && chart.name !== '') {
      folders.push(...(await existingFolders(home, chart.name)))
    }
  }
  if (typeof chartHome === 'string') folders.push(...(await existingFolders(directory, chartHome)))
  return folders
}

async function existingFolders(directory: string, entry: string): Promise<string[]> {
  const folder = path.resolve(directory, entry)
  return (await stat(folder).catch(() => undefined))?.isDirectory() ? [folder] : []
}

/**
 * helmCharts entries (checked even without enableHelm, which kustomize needs to
 * inflate them): no download without the opt-in, nothing helm would read as a flag.
 */
function checkHelmCharts(
  charts: unknown,
  options: KustomizationCheckOptions,
  fail: (at: YamlPath, message: string) => never
): void {
  if (!Array.isArray(charts)) return
  for (const [index, chart] of charts.entries()) {
    if (!isRecord(chart)) continue
    if (typeof chart.repo === 'string' && chart.repo !== '' && !options.allowRemote) {
      fail(
        ['helmCharts', index, 'repo'],
        `"${chart.repo}" would be downloaded: ${REMOTE_BASES_HINT}`
      )
    }
    const release = chart.releaseName
    if (typeof release === 'string') {
      const problem = releaseNameProblem(release)
      if (problem) {
        fail(
          ['helmCharts', index, 'releaseName'],
          `"${release}" is not a valid Helm release name: ${problem}`
        )
      }
    }
    for (const [key, value] of Object.entries(chart)) {
      if (typeof value === 'string' && value.startsWith('-')) {
        fail(
          ['helmCharts', index, key],
          `"${value}" starts with "-", which helm would read as a flag`
        )
      }
    }
  }
}

/**
 * Keys whose values kustomize reads as files through its loader, which also
 * downloads an http(s) URL: generator `files`/`envs`, patch and replacement
 * `path`s, `openapi.path`, `crds`, `configurations`, helm `valuesFile`s, at any
 * depth (a PatchTransformer's or ConfigMapGenerator's configuration too).
 */
const LOADED_KEYS = new Set([
  'files',
  'envs',
  'env',
  'path',
  'paths',
  'crds',
  'configurations',
  'patchesStrategicMerge',
  'valuesFile',
  'additionalValuesFiles'
])

/**
 * Refuses a file the build would download: `http://169.254.169.254/...` in a
 * configMapGenerator would put the runner's cloud credentials into an object,
 * and from there into the report.
 */
function checkNoDownloads(
  value: unknown,
  at: YamlPath,
  fail: (at: YamlPath, message: string) => never
): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkNoDownloads(item, [...at, index], fail))
    return
  }
  if (!isRecord(value)) return
  for (const [key, entry] of Object.entries(value)) {
    if (LOADED_KEYS.has(key)) {
      const entries = Array.isArray(entry) ? entry : [entry]
      entries.forEach((item, index) => {
        const where = Array.isArray(entry) ? [...at, key, index] : [...at, key]
        // generator files may be named `key=file`.
        if (typeof item === 'string' && /^([^=]*=)?\s*https?:\/\//i.test(item)) {
          fail(where, `"${item}" would be downloaded: ${REMOTE_BASES_HINT}`)
        }
      })
    }
    checkNoDownloads(entry, [...at, key], fail)
  }
}

/** A URL, an scp-style git address or a path on a git host, as kustomize would fetch it. */
export function looksRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^git::/i.test(entry) ||
    /^[\w.-]+@[\w.-]+:/.test(entry) ||
    /^[\w-]+(\.[\w-]+)+(:\d+)?\//.test(entry)
  )
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
