// Finding and running the external renderers (helm, kustomize, kubectl). A tool
// that is not installed says how to install it; a tool that fails hands back
// its own message, so the user sees the template file and line it names.
import { execFile } from 'node:child_process'
import { access, constants, stat } from 'node:fs/promises'
import path from 'node:path'

export type ToolName = 'helm' | 'kustomize' | 'kubectl'

const INSTALL_HINTS: Record<ToolName, string> = {
  helm: 'install Helm 3 (https://helm.sh/docs/intro/install/; in a workflow: azure/setup-helm) and put it on PATH',
  kustomize:
    'install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl, whose `kubectl kustomize` is used when kustomize is absent, and put it on PATH',
  kubectl:
    'install kubectl (https://kubernetes.io/docs/tasks/tools/; in a workflow: azure/setup-kubectl) and put it on PATH'
}

export class ToolMissingError extends Error {
  readonly tool: ToolName

  constructor(tool: ToolName, purpose: string) {
    super(
      `${tool} is not installed (not found on PATH), and ${purpose} needs it: ${INSTALL_HINTS[tool]}`
    )
    this.name = 'ToolMissingError'
    this.tool = tool
  }
}

export class ToolFailedError extends Error {
  readonly tool: string
  readonly exitCode: number | null
  readonly stderr: string

  constructor(tool: string, exitCode: number | null, stderr: string, message: string) {
    super(message)
    this.name = 'ToolFailedError'
    this.tool = tool
    this.exitCode = exitCode
    this.stderr = stderr
  }
}

/** The environment tools are looked up in and run with (the process's, unless a test gives one). */
export type ToolEnv = Record<string, string | undefined>

/** The absolute path of `tool` on the PATH of `env`, or undefined. */
export async function findTool(tool: ToolName, env: ToolEnv): Promise<string | undefined> {
  const names = process.platform === 'win32' ? [`${tool}.exe`, tool] : [tool]
  for (const directory of (env.PATH ?? '').split(path.delimiter)) {
    if (!directory) continue
    for (const name of names) {
      const candidate = path.join(directory, name)
      if (await isExecutableFile(candidate)) return candidate
    }
  }
  return undefined
}

/** Like findTool, but a missing tool is a ToolMissingError that says what needed it. */
export async function requireTool(tool: ToolName, env: ToolEnv, purpose: string): Promise<string> {
  const found = await findTool(tool, env)
  if (!found) throw new ToolMissingError(tool, purpose)
  return found
}

export interface RunOptions {
  cwd: string
  env: ToolEnv
  /** the tool's name in messages (`helm`, `kubectl kustomize`). */
  label: string
  timeoutMs?: number
}

/** Rendered output can be large (a chart of CRDs is megabytes); the cap only stops a runaway. */
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000

/** Runs `file args`, resolving with stdout; a nonzero exit rejects with the tool's stderr. */
export function runTool(file: string, args: string[], options: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env,
        encoding: 'utf8',
        maxBuffer: MAX_OUTPUT_BYTES,
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        windowsHide: true
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout)
          return
        }
        const code = typeof error.code === 'number' ? error.code : null
        const detail = cleanStderr(stderr) || error.message
        const why = error.killed ? `was stopped (timeout)` : `failed (exit ${code ?? 'unknown'})`
        reject(
          new ToolFailedError(options.label, code, stderr, `${options.label} ${why}: ${detail}`)
        )
      }
    )
  })
}

/** The tool's message without the noise around it (`Error: ` prefixes, usage hints). */
export function cleanStderr(stderr: string): string {
  return stderr
    .split('\n')
    .map(line => line.trimEnd())
    .filter(line => line !== '' && !/^Use --debug flag/.test(line))
    .map(line => line.replace(/^Error: /, ''))
    .join('\n')
}

async function isExecutableFile(candidate: string): Promise<boolean> {
  const stats = await stat(candidate).catch(() => undefined)
  if (!stats?.isFile()) return false
  return access(candidate, constants.X_OK).then(
    () => true,
    () => false
  )
}
