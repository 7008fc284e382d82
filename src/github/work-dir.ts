// The step's private scratch folder under RUNNER_TEMP: the kubeconfig (0600,
// owner-only) and a pull request's base checkout live there, and all of it is
// removed when the step ends, whether it succeeded or failed.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface WorkDir {
  path: string
  /** writes the kubeconfig owner-only; returns its path. */
  writeKubeconfig(text: string): Promise<string>
}

export async function withWorkDir<T>(
  body: (dir: WorkDir) => Promise<T>,
  parent: string = process.env.RUNNER_TEMP || tmpdir()
): Promise<T> {
  const path = await mkdtemp(join(parent, 'kube-drift-'))
  // Only the runner's user may even list what is inside.
  await chmod(path, 0o700)
  try {
    return await body({
      path,
      writeKubeconfig: async text => {
        const file = join(path, 'kubeconfig')
        await writeFile(file, text, { mode: 0o600 })
        return file
      }
    })
  } finally {
    await rm(path, { recursive: true, force: true })
  }
}
