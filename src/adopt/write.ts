// The only place adopt writes: each file change into the workspace, each path
// checked again (inside the workspace, no symbolic link), a file changed only
// when it still holds the text the change was computed from.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { AdoptFileChange } from './types.ts'
import type { WorkspaceFiles } from './workspace-files.ts'

export async function writeChanges(
  files: WorkspaceFiles,
  changes: readonly AdoptFileChange[]
): Promise<void> {
  // Every path is checked before the first write: all or nothing for bad paths.
  const targets = await Promise.all(changes.map(change => files.absolute(change.path)))
  for (const [i, change] of changes.entries()) {
    const target = targets[i] as string
    const now = await readFile(target, 'utf8').catch(() => null)
    if (now !== change.before) {
      throw new Error(
        change.before === null
          ? `${change.path} exists already: adopt writes new files only where there is none`
          : `${change.path} changed since adopt read it: run adopt again`
      )
    }
    await mkdir(path.dirname(target), { recursive: true })
    await writeFile(target, change.after, { flag: change.before === null ? 'wx' : 'w' })
  }
}
