// Small path helpers shared by the renderers and the config loader.
import { stat } from 'node:fs/promises'
import path from 'node:path'

/** Characters that make a path argument a glob pattern. */
export const GLOB_CHARACTERS = /[*?[\]{}]/

/** `absolute` relative to `cwd`, with forward slashes as in reports and on GitHub. */
export function relativePosix(cwd: string, absolute: string): string {
  return path.relative(cwd, absolute).split(path.sep).join('/')
}

/** The same, with '.' for the directory itself (a target's path is never empty). */
export function relativePosixOrDot(cwd: string, absolute: string): string {
  return relativePosix(cwd, absolute) || '.'
}

/** true when `candidate` is `root` or below it (both absolute, symlinks already resolved). */
export function isInside(candidate: string, root: string): boolean {
  const relative = path.relative(root, candidate)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

export async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() === true
}
