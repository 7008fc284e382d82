// The step's private scratch folder under RUNNER_TEMP: the kubeconfig (0600,
// owner-only) and a pull request's base checkout live there, and all of it is
// removed when the step ends — whether it succeeded or failed, and when the
// job is cancelled: the runner sends SIGINT, then SIGTERM, and Node's default
// for both is to exit at once without running any `finally`.
import { rmSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface WorkDir {
  path: string
  /** writes the kubeconfig owner-only; returns its path. */
  writeKubeconfig(text: string): Promise<string>
}

const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM'] as const

export async function withWorkDir<T>(
  body: (dir: WorkDir) => Promise<T>,
  parent: string = process.env.RUNNER_TEMP || tmpdir()
): Promise<T> {
  const path = await mkdtemp(join(parent, 'kube-drift-'))
  const removeOnCancel = (signal: NodeJS.Signals): void => {
    rmSync(path, { recursive: true, force: true })
    stopListening()
    // Die of the signal as if nobody had listened, so the runner sees a cancelled step.
    process.kill(process.pid, signal)
  }
  const stopListening = () => {
    for (const signal of CANCEL_SIGNALS) process.off(signal, removeOnCancel)
  }
  for (const signal of CANCEL_SIGNALS) process.on(signal, removeOnCancel)
  try {
    // Only the runner's user may even list what is inside.
    await chmod(path, 0o700)
    return await body({
      path,
      writeKubeconfig: async text => {
        const file = join(path, 'kubeconfig')
        await writeFile(file, text, { mode: 0o600 })
        return file
      }
    })
  } finally {
    stopListening()
    await rm(path, { recursive: true, force: true })
  }
}
