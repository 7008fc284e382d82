// Where the pinned binaries are: $KUBE_DRIFT_BIN_DIR, or whatever
// build-tools.sh builds (or finds already built) in the cache.
import { execFileSync } from 'node:child_process'
import { accessSync, constants as fsConstants } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { logToStderr } from './log.ts'

export type Tool =
  | 'etcd'
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kubectl'
  | 'helm'
  | 'kustomize'
  | 'actionlint'

export const BUILD_TOOLS_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'build-tools.sh')
const CONTROL_PLANE_BINARIES = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager'
] as const satisfies readonly Tool[]

let cached: string | undefined

/** $KUBE_DRIFT_BIN_DIR, else the directory build-tools.sh prints last (run once per process; beforeBuild is called first). */
export function toolsBinDir(beforeBuild?: () => void): string {
  if (process.env.KUBE_DRIFT_BIN_DIR) return process.env.KUBE_DRIFT_BIN_DIR
  if (!cached) {
    beforeBuild?.()
    let out: string
    try {
      out = execFileSync('bash', [BUILD_TOOLS_SCRIPT], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit']
      })
    } catch (error) {
      // bash could not start: that error says why. Otherwise the script failed and said why on stderr.
      if (typeof (error as NodeJS.ErrnoException).code === 'string') throw error
      const status = (error as { status?: number | null }).status
      throw new Error(`${BUILD_TOOLS_SCRIPT} failed (exit ${status}); see its output above`, {
        cause: error
      })
    }
    cached = out.trim().split('\n').pop()?.trim()
    if (!cached) throw new Error('build-tools.sh printed no bin directory')
  }
  return cached
}

export function toolPath(tool: Tool): string {
  return join(toolsBinDir(), tool)
}

/** The directory holding etcd, kube-apiserver and kube-controller-manager, each checked to be executable. */
export async function resolveBinDir(log: (message: string) => void = logToStderr): Promise<string> {
  const dir = toolsBinDir(() =>
    log(`locating binaries with ${BUILD_TOOLS_SCRIPT} (a cold build takes several minutes)`)
  )
  for (const name of CONTROL_PLANE_BINARIES) {
    try {
      accessSync(join(dir, name), fsConstants.X_OK)
    } catch {
      throw new Error(
        `${name} not found or not executable in ${dir} (run: bash ${BUILD_TOOLS_SCRIPT})`
      )
    }
  }
  return dir
}
