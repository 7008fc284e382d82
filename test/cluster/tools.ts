// Where the pinned binaries are: $KUBE_DRIFT_BIN_DIR, or whatever
// build-tools.sh builds (or finds already built) in the cache.
import { execFileSync } from 'node:child_process'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

export type Tool =
  | 'etcd'
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kubectl'
  | 'helm'
  | 'kustomize'
  | 'actionlint'

let cached: string | undefined

export function toolsBinDir(): string {
  if (process.env.KUBE_DRIFT_BIN_DIR) return process.env.KUBE_DRIFT_BIN_DIR
  if (!cached) {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'build-tools.sh')
    const out = execFileSync('bash', [script], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit']
    })
    cached = out.trim().split('\n').pop()
    if (!cached) throw new Error('build-tools.sh printed no bin directory')
  }
  return cached
}

export function toolPath(tool: Tool): string {
  return join(toolsBinDir(), tool)
}
