// The plain renderer: the manifests are the YAML/JSON files themselves.
import { readFile, realpath } from 'node:fs/promises'
import { mapWithConcurrency } from '../util/pool.ts'
import { assertNoDuplicates } from './duplicates.ts'
import { objectsFromYaml } from './kube-objects.ts'
import { findManifestFiles, type ManifestFile } from './manifest-files.ts'
import { renderErrorAt } from './render-error.ts'
import { OUTSIDE_WORKSPACE_HINT } from '../config/workspace.ts'
import { isInside } from '../util/paths.ts'
import type { RenderResult } from './render-result.ts'

export { RenderError } from './render-error.ts'
export type { RenderResult } from './render-result.ts'

export interface PlainRenderOptions {
  /** the folder paths are resolved against and that reported file names are relative to. */
  cwd: string
  /** when set, every file read must really be inside it (a link to ~/.kube/config is refused). */
  workspace?: string
}

/** Reads every manifest under `paths` (files, folders, globs), in a stable order. */
export async function renderPlain(
  paths: string[],
  options: PlainRenderOptions
): Promise<RenderResult> {
  if (paths.length === 0) throw renderErrorAt('.', undefined, 'no manifest path given')
  const files = await findManifestFiles(paths, options.cwd)
  if (options.workspace !== undefined) await assertFilesInside(files, options.workspace)
  // Bounded, so a repository with thousands of manifests does not run out of file handles.
  const texts = await mapWithConcurrency(files, 16, file => readFile(file.absolute, 'utf8'))
  const result: RenderResult = { objects: [], skipped: [] }
  files.forEach((file, index) => {
    const fromFile = objectsFromYaml(texts[index] ?? '', file.relative)
    result.objects.push(...fromFile.objects)
    result.skipped.push(...fromFile.skipped)
  })
  assertNoDuplicates(result.objects)
  return result
}

/** A manifest reached through a symlink that leads outside the workspace is refused before it is read. */
async function assertFilesInside(files: ManifestFile[], workspace: string): Promise<void> {
  const root = await realpath(workspace)
  for (const file of files) {
    const real = await realpath(file.absolute)
    if (!isInside(real, root)) {
      throw renderErrorAt(
        file.relative,
        undefined,
        `leads (through a symbolic link) to ${real}, outside the workspace ${root}: ${OUTSIDE_WORKSPACE_HINT}`
      )
    }
  }
}
