// Which renderer a path needs, from the files in it: a Kustomization makes it a
// kustomize directory, a Chart.yaml a Helm chart, anything else plain YAML.
// Detection reads only the folder itself, never its subfolders: a repository of
// plain manifests with a chart somewhere below stays plain.
// It lives in config/ because the renderer is part of a target, decided when the
// targets are loaded; render/ only reads these file names (data flows config → render).
import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { Renderer } from './target.ts'
import { GLOB_CHARACTERS, isFile } from '../util/paths.ts'

/** The names kustomize itself accepts, in the order it looks for them. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']

export const CHART_FILE = 'Chart.yaml'

/**
 * The renderer for `input` (relative to `cwd`). A glob, a file or a path that does
 * not exist is plain: the plain renderer reports a missing path with its own error.
 * A kustomization.yaml or Chart.yaml named directly stands for its folder.
 */
export async function detectRenderer(input: string, cwd: string): Promise<Renderer> {
  if (GLOB_CHARACTERS.test(input)) return 'plain'
  const absolute = path.resolve(cwd, input)
  const stats = await stat(absolute).catch(() => undefined)
  if (!stats) return 'plain'
  if (!stats.isDirectory()) {
    const name = path.basename(absolute)
    if (KUSTOMIZATION_FILES.includes(name)) return 'kustomize'
    if (name === CHART_FILE) return 'helm'
    return 'plain'
  }
  if (await findKustomizationFile(absolute)) return 'kustomize'
  if (await isFile(path.join(absolute, CHART_FILE))) return 'helm'
  return 'plain'
}

/** The folder a kustomize or helm target renders: the path itself, or the folder of a named file. */
export async function renderRoot(input: string, cwd: string): Promise<string> {
  const absolute = path.resolve(cwd, input)
  const stats = await stat(absolute).catch(() => undefined)
  return stats && !stats.isDirectory() ? path.dirname(absolute) : absolute
}

/** The kustomization file of `directory` (absolute), or undefined. */
export async function findKustomizationFile(directory: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    const candidate = path.join(directory, name)
    if (await isFile(candidate)) return candidate
  }
  return undefined
}
