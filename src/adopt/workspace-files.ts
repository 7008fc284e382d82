// Paths adopt reads and writes come from the repository (a resource's source
// file, a kustomization folder) or the command line: untrusted. Each one must
// resolve, symlinks followed, inside the workspace, and is named relative to it.
import { lstat, readFile, realpath } from 'node:fs/promises'
import path from 'node:path'
import { realpathOrNearest } from '../config/workspace.ts'
import { isInside, relativePosix } from '../util/paths.ts'

export class OutsideWorkspace extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OutsideWorkspace'
  }
}

export class WorkspaceFiles {
  private readonly root: string
  private realRoot: string | undefined

  constructor(workspace: string) {
    this.root = path.resolve(workspace)
  }

  /**
   * `file` (relative to `from`, or absolute) as a path relative to the workspace,
   * with `/` separators; throws OutsideWorkspace when it (or what a link in it leads
   * to) lies outside, or when the file itself is a symbolic link.
   */
  async resolve(file: string, from: string = this.root): Promise<string> {
    const absolute = path.resolve(from, file)
    const realRoot = (this.realRoot ??= await realpath(this.root))
    const real = await realpathOrNearest(absolute)
    if (!isInside(absolute, this.root) && !isInside(absolute, realRoot)) {
      throw new OutsideWorkspace(`${file} is outside the workspace ${this.root}`)
    }
    if (!isInside(real, realRoot)) {
      throw new OutsideWorkspace(`${file} leads to ${real}, outside the workspace ${realRoot}`)
    }
    const stat = await lstat(absolute).catch(() => undefined)
    if (stat?.isSymbolicLink()) {
      throw new OutsideWorkspace(`${file} is a symbolic link: adopt edits only regular files`)
    }
    return relativePosix(realRoot, real)
  }

  /** The text of a workspace-relative file, or null when there is none. */
  async read(relative: string): Promise<string | null> {
    const absolute = await this.absolute(relative)
    return readFile(absolute, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null
      throw error
    })
  }

  /** The absolute path of a workspace-relative one, checked again (it may have changed). */
  async absolute(relative: string): Promise<string> {
    const realRoot = (this.realRoot ??= await realpath(this.root))
    const checked = await this.resolve(relative, realRoot)
    return path.join(realRoot, ...checked.split('/'))
  }
}
