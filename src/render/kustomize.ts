// The kustomize renderer: `kustomize build`, or `kubectl kustomize` when only
// kubectl is installed, exactly as `kubectl apply -k` builds. Plugins that run
// code (exec and alpha/KRM functions) stay off: `--enable-alpha-plugins`,
// `--enable-exec` and `--load-restrictor` are never passed; `--enable-helm`
// only when the target asks for it, as it runs helm. Before the build, every
// kustomization it reaches is checked (kustomize-sources.ts): no remote source
// without the opt-in, no symlink out of its folder.
//
// To point each object at the file it was written in, the build goes through a
// one-line wrapper kustomization in a temporary folder that adds kustomize's
// origin annotations; they are removed again, so the objects are exactly what
// the user's own build gives.
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Target } from '../config/target.ts'
import type { DesiredObject } from '../types.ts'
import { findKustomizationFile, renderRoot } from '../config/detect-renderer.ts'
import { assertNoDuplicates } from './duplicates.ts'
import { checkKustomizationSources } from './kustomize-sources.ts'
import { objectsFromYaml } from './kube-objects.ts'
import { sourceFromOrigin, stripOrigin, type FileCache } from './kustomize-origin.ts'
import { renderErrorAt } from './render-error.ts'
import type { RenderResult } from './render-result.ts'
import { findTool, requireTool, runTool, ToolFailedError, ToolMissingError } from './tool.ts'
import type { ToolEnv } from './tool.ts'
import { relativePosixOrDot } from '../util/paths.ts'
import { loadBounded } from '../util/yaml-bounds.ts'

const ORIGIN_ANNOTATIONS = 'originAnnotations'

export interface KustomizeRenderOptions {
  cwd: string
  env: ToolEnv
  /** where the wrapper kustomization is written (default: the OS's temporary folder). */
  tempDir?: string
}

export interface KustomizeRenderResult extends RenderResult {
  notes: string[]
}

export async function renderKustomize(
  target: Target,
  options: KustomizeRenderOptions
): Promise<KustomizeRenderResult> {
  const [input, ...more] = target.paths
  if (input === undefined || more.length > 0) {
    throw renderErrorAt(
      target.paths.join(', ') || '.',
      undefined,
      `a kustomize target takes exactly one directory (got ${target.paths.length}); make one target per kustomization`
    )
  }
  // Real paths on both sides, so a symlinked checkout still shows paths inside it.
  const cwd = await realpath(options.cwd).catch(() => options.cwd)
  const root = await realpath(await renderRoot(input, cwd)).catch(() => {
    throw renderErrorAt(input, undefined, 'no such file or directory')
  })
  const kustomization = await findKustomizationFile(root)
  if (!kustomization) {
    throw renderErrorAt(
      relativePosixOrDot(cwd, root),
      undefined,
      'not a kustomize directory: no kustomization.yaml, kustomization.yml or Kustomization'
    )
  }
  const kustomizationFile = relativePosixOrDot(cwd, kustomization)
  const allowRemote = target.kustomize?.allowRemoteBases ?? false
  await checkKustomizationSources(root, {
    cwd,
    allowRemote,
    workspace: target.workspace
  })
  const command = await kustomizeCommand(target, options.env)
  const wrapper = await wrapperFor(root, kustomization, options.tempDir ?? tmpdir())
  try {
    const buildRoot = wrapper?.directory ?? root
    const output = await runTool(command.file, command.args(buildRoot), {
      cwd,
      env: options.env,
      label: command.label,
      network: allowRemote
    }).catch((error: unknown) => {
      throw buildError(error, kustomizationFile, wrapper && { from: wrapper.reference, to: root })
    })
    const result = objectsFromYaml(output, kustomizationFile)
    if (result.objects.length === 0) {
      // Building nothing would compare nothing and report a false "in sync".
      throw renderErrorAt(
        kustomizationFile,
        undefined,
        'the kustomization built no Kubernetes objects'
      )
    }
    const cache: FileCache = new Map()
    const context = { buildRoot, cwd, cache }
    result.objects = await Promise.all(
      result.objects.map(async (desired): Promise<DesiredObject> => {
        const source = (await sourceFromOrigin(desired.object, context)) ?? {
          file: kustomizationFile,
          line: 1
        }
        if (wrapper) stripOrigin(desired.object)
        return { object: desired.object, source }
      })
    )
    assertNoDuplicates(result.objects)
    return { ...result, notes: command.note ? [command.note] : [] }
  } finally {
    if (wrapper) await rm(wrapper.directory, { recursive: true, force: true })
  }
}

interface KustomizeCommand {
  file: string
  label: string
  args: (directory: string) => string[]
  /** for the report, when the build may differ from the team's own kustomize. */
  note?: string
}

/** kustomize if installed, else kubectl's built-in copy; helm only with enableHelm. */
async function kustomizeCommand(target: Target, env: ToolEnv): Promise<KustomizeCommand> {
  const purpose = `target "${target.name}" (kustomize)`
  const helmArgs = target.kustomize?.enableHelm
    ? [
        '--enable-helm',
        `--helm-command=${await requireTool('helm', env, `${purpose} with enableHelm`)}`
      ]
    : []
  const kustomize = await findTool('kustomize', env)
  if (kustomize) {
    return {
      file: kustomize,
      label: 'kustomize build',
      // The folder after `--`: nothing of the repository is read as a flag.
      args: directory => ['build', ...helmArgs, '--', directory]
    }
  }
  const kubectl = await findTool('kubectl', env)
  if (!kubectl) throw new ToolMissingError('kustomize', purpose)
  return {
    file: kubectl,
    label: 'kubectl kustomize',
    args: directory => ['kustomize', ...helmArgs, '--', directory],
    note: "Built with kubectl's own kustomize (`kubectl kustomize`): kustomize is not installed."
  }
}

interface Wrapper {
  directory: string
  /** how the wrapper names the user's folder (relative), as it shows in kustomize's errors. */
  reference: string
}

/**
 * A temporary kustomization that builds `root` with origin annotations on, keeping
 * the user's other buildMetadata options (the top level's options apply to the
 * whole build). None when the user's build already has origin annotations (they
 * are then part of what is deployed), for a Component, or when the temporary
 * folder is inside `root` (a kustomization may not include its own ancestor).
 */
async function wrapperFor(
  root: string,
  kustomization: string,
  tempDir: string
): Promise<Wrapper | undefined> {
  const settings = await readKustomization(kustomization)
  if (!settings || settings.kind === 'Component') return undefined
  if (settings.buildMetadata.includes(ORIGIN_ANNOTATIONS)) return undefined
  const directory = await realpath(await mkdtemp(path.join(tempDir, 'kube-drift-kustomize-')))
  const reference = path.relative(directory, root).split(path.sep).join('/')
  const fromRoot = path.relative(root, directory)
  if (path.isAbsolute(reference) || !(fromRoot.startsWith('..') || path.isAbsolute(fromRoot))) {
    await rm(directory, { recursive: true, force: true })
    return undefined
  }
  const buildMetadata = [...settings.buildMetadata, ORIGIN_ANNOTATIONS]
  await writeFile(
    path.join(directory, 'kustomization.yaml'),
    `resources:\n  - ${JSON.stringify(reference)}\nbuildMetadata: ${JSON.stringify(buildMetadata)}\n`
  )
  return { directory, reference }
}

interface KustomizationSettings {
  kind?: unknown
  buildMetadata: string[]
}

/** What the wrapper needs from the user's kustomization; undefined when it cannot be read (kustomize will say why). */
async function readKustomization(file: string): Promise<KustomizationSettings | undefined> {
  try {
    const parsed = loadBounded(await readFile(file, 'utf8'))
    if (typeof parsed !== 'object' || parsed === null) return undefined
    const { kind, buildMetadata } = parsed as Record<string, unknown>
    if (buildMetadata !== undefined && !isStringList(buildMetadata)) return undefined
    return { kind, buildMetadata: buildMetadata ?? [] }
  } catch {
    return undefined
  }
}

/** kustomize's message, on the kustomization file, with the wrapper's paths put back as the user's. */
function buildError(
  error: unknown,
  kustomizationFile: string,
  rewrite: { from: string; to: string } | undefined
): Error {
  if (!(error instanceof ToolFailedError)) return error as Error
  let message = error.message
  if (rewrite) message = message.split(rewrite.from).join(rewrite.to)
  return renderErrorAt(kustomizationFile, undefined, message, { cause: error })
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(item => typeof item === 'string')
}
