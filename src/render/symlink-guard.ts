// Before helm or kustomize reads a folder, every symbolic link in it must
// point inside it. A chart is any folder of the pull request: a link
// `files/x -> /proc/self/environ` read by `.Files.Get`, or a base folder linked
// to /etc, would put the runner's files into the rendered objects and from
// there into the report. The walk is bounded, and links are judged by where
// they really lead (realpath), not by how they are spelled.
import { readdir, readlink, realpath } from 'node:fs/promises'
import path from 'node:path'
import { OUTSIDE_WORKSPACE_HINT } from '../config/workspace.ts'
import { renderErrorAt } from './render-error.ts'
import { isInside, relativePosixOrDot } from '../util/paths.ts'

/** More entries than any chart or kustomization has; a bigger tree is refused, not half-checked. */
export const MAX_WALKED_ENTRIES = 50_000

export interface SymlinkGuardOptions {
  /** reported paths are relative to it. */
  cwd: string
  /** `the chart`, `the kustomization`: what the folder is, in messages. */
  what: string
  /** when set, the folder itself must really be inside it too. */
  workspace?: string
}

/** Throws a RenderError naming the first link under `root` that leads outside it. */
export async function assertNoEscapingSymlinks(
  root: string,
  options: SymlinkGuardOptions
): Promise<void> {
  const realRoot = await realpath(root)
  const shownRoot = relativePosixOrDot(options.cwd, root)
  if (options.workspace !== undefined) {
    const workspace = await realpath(options.workspace)
    if (!isInside(realRoot, workspace)) {
      throw renderErrorAt(
        shownRoot,
        undefined,
        `${options.what} is really ${realRoot}, outside the workspace ${workspace}: ${OUTSIDE_WORKSPACE_HINT}`
      )
    }
  }
  let walked = 0
  const pending = [root]
  for (let directory = pending.pop(); directory !== undefined; directory = pending.pop()) {
    const entries = await readdir(directory, { withFileTypes: true })
    walked += entries.length
    if (walked > MAX_WALKED_ENTRIES) {
      throw renderErrorAt(
        shownRoot,
        undefined,
        `${options.what} holds more than ${MAX_WALKED_ENTRIES} files and folders; kube-drift checks each one for symlinks before rendering and stops there`
      )
    }
    for (const entry of entries) {
      const entryPath = path.join(directory, entry.name)
      if (entry.isSymbolicLink()) {
        await checkLink(entryPath, realRoot, shownRoot, options)
      } else if (entry.isDirectory() && entry.name !== '.git') {
        // Git's own folder holds no links a pull request could add, and may be huge.
        pending.push(entryPath)
      }
    }
  }
}

async function checkLink(
  link: string,
  realRoot: string,
  shownRoot: string,
  options: SymlinkGuardOptions
): Promise<void> {
  const written = await readlink(link)
  // A dangling link is judged by where it would lead.
  const leadsTo =
    (await realpath(link).catch(() => undefined)) ?? path.resolve(path.dirname(link), written)
  if (isInside(leadsTo, realRoot)) return
  const target = leadsTo === written ? written : `${written} (${leadsTo})`
  throw renderErrorAt(
    relativePosixOrDot(options.cwd, link),
    undefined,
    `symbolic link to ${target} points outside ${options.what} (${shownRoot}): kube-drift refuses links that leave the folder it renders, as a template could read any file of the runner through them; replace the link with a copy of what it points to`
  )
}
