// Expands the `path` input (files, folders, globs) into the manifest files to
// read, in a stable order so reports and duplicate errors do not change from
// run to run. A path that yields no file is an error: comparing nothing would
// report a false "in sync".
import { glob, readdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { renderErrorAt } from './render-error.ts'
import { GLOB_CHARACTERS, relativePosix } from '../util/paths.ts'

export interface ManifestFile {
  absolute: string
  /** relative to the working directory, with forward slashes: what reports show. */
  relative: string
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json'])

export async function findManifestFiles(paths: string[], cwd: string): Promise<ManifestFile[]> {
  const seen = new Set<string>()
  const files: ManifestFile[] = []
  for (const input of paths) {
    const found = GLOB_CHARACTERS.test(input)
      ? await filesMatchingGlob(input, cwd)
      : await filesAtPath(input, cwd)
    if (found.length === 0) {
      throw renderErrorAt(displayPath(input), undefined, 'no .yaml, .yml or .json files found')
    }
    // The same file reached twice (`deploy/` and `deploy/api.yaml`) is read once,
    // or every object in it would be reported as its own duplicate.
    for (const absolute of found) {
      if (seen.has(absolute)) continue
      seen.add(absolute)
      files.push({ absolute, relative: relativePosix(cwd, absolute) })
    }
  }
  return files
}

async function filesAtPath(input: string, cwd: string): Promise<string[]> {
  const absolute = path.resolve(cwd, input)
  const stats = await stat(absolute).catch(() => undefined)
  if (!stats) throw renderErrorAt(displayPath(input), undefined, 'no such file or directory')
  // A file named explicitly is read whatever its extension.
  if (!stats.isDirectory()) return [absolute]
  return walkDirectory(absolute, new Set())
}

async function filesMatchingGlob(pattern: string, cwd: string): Promise<string[]> {
  const matches: string[] = []
  for await (const match of glob(pattern, { cwd, exclude: isIgnoredPath })) {
    matches.push(path.resolve(cwd, match))
  }
  matches.sort(compareCodePoints)
  const files: string[] = []
  for (const match of matches) {
    const stats = await stat(match)
    if (stats.isDirectory()) files.push(...(await walkDirectory(match, new Set())))
    else if (isManifestName(match)) files.push(match)
  }
  return files
}

/** Depth-first, entries in code-point order within each folder (kubectl -R reads in the same order). */
async function walkDirectory(directory: string, visited: Set<string>): Promise<string[]> {
  // Symbolic links are followed, but a loop of them is walked only once.
  const real = await realpath(directory)
  if (visited.has(real)) return []
  visited.add(real)
  const entries = await readdir(directory, { withFileTypes: true })
  entries.sort((a, b) => compareCodePoints(a.name, b.name))
  const files: string[] = []
  for (const entry of entries) {
    if (isIgnoredName(entry.name)) continue
    const child = path.join(directory, entry.name)
    const isDirectory =
      entry.isDirectory() ||
      (entry.isSymbolicLink() && (await stat(child).catch(() => undefined))?.isDirectory())
    if (isDirectory) files.push(...(await walkDirectory(child, visited)))
    else if (isManifestName(entry.name)) files.push(child)
  }
  return files
}

/** Hidden files and folders (.git, .github, .kube-drift.yaml) and node_modules are never manifests. */
function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules'
}

function isIgnoredPath(candidate: string): boolean {
  return candidate.split(/[\\/]/).some(segment => segment === 'node_modules')
}

function isManifestName(name: string): boolean {
  return MANIFEST_EXTENSIONS.has(path.extname(name).toLowerCase())
}

function displayPath(input: string): string {
  return input.split(path.sep).join('/')
}

// Not localeCompare: the order must not depend on the machine's locale.
function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
