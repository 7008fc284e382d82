// The workspace boundary: in the action, every path the inputs or the
// repository name (manifests, the config file, values files, kustomize bases)
// must resolve, symlinks followed, inside the workspace, so a pull request
// cannot make kube-drift read /etc or the runner's home and post it.
import { realpath } from 'node:fs/promises'
import path from 'node:path'
import { GLOB_CHARACTERS, isInside } from '../util/paths.ts'

/** What the message tells the user to set when a path really must be outside. */
export const OUTSIDE_WORKSPACE_HINT =
  'kube-drift reads only the workspace unless the `allow-path-outside-workspace: true` input is set'

export class OutsideWorkspaceError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OutsideWorkspaceError'
  }
}

/**
 * Throws when `input` (relative to `cwd`, may be a glob) resolves outside
 * `workspace`. A path that does not exist yet is judged by its nearest
 * existing ancestor, so `missing/../../etc` cannot slip through.
 */
export async function assertInsideWorkspace(
  input: string,
  cwd: string,
  workspace: string,
  what: string
): Promise<void> {
  if (climbsAfterWildcard(input)) {
    throw new OutsideWorkspaceError(
      `${what} "${input}" has ".." after a wildcard, which could reach outside the workspace: name the folder before the wildcard (${OUTSIDE_WORKSPACE_HINT})`
    )
  }
  const resolved = await realpathOrNearest(path.resolve(cwd, staticPrefix(input)))
  const root = await realpathOrNearest(workspace)
  if (isInside(resolved, root)) return
  throw new OutsideWorkspaceError(
    `${what} "${input}" resolves to ${resolved}, outside the workspace ${root}: ${OUTSIDE_WORKSPACE_HINT}`
  )
}

/** The real path of `absolute`, or of its nearest existing ancestor with the rest appended. */
export async function realpathOrNearest(absolute: string): Promise<string> {
  const rest: string[] = []
  let current = absolute
  for (;;) {
    const real = await realpath(current).catch(() => undefined)
    if (real !== undefined) return path.join(real, ...rest.reverse())
    const parent = path.dirname(current)
    if (parent === current) return absolute
    rest.push(path.basename(current))
    current = parent
  }
}

function climbsAfterWildcard(input: string): boolean {
  const segments = input.split(/[/\\]/)
  const index = segments.findIndex(segment => GLOB_CHARACTERS.test(segment))
  return index >= 0 && segments.slice(index).includes('..')
}

/** The part of a glob before its first wildcard segment (`deploy/**\/*.yaml` -> `deploy`). */
function staticPrefix(input: string): string {
  if (!GLOB_CHARACTERS.test(input)) return input
  const segments = input.split(/[/\\]/)
  const index = segments.findIndex(segment => GLOB_CHARACTERS.test(segment))
  return segments.slice(0, index).join('/') || '.'
}
