// Finding and running the external renderers (helm, kustomize, kubectl). A tool
// that is not installed says how to install it; a tool that fails hands back
// its own message, so the user sees the template file and line it names.
//
// Tools render files of the repository, which may be hostile, so they never see
// this process's environment (the action's INPUT_KUBECONFIG, GITHUB_TOKEN,
// ACTIONS_* tokens): each run gets PATH, a private HOME and TMPDIR, and the
// settings that keep helm and kustomize inside them (no plugins, no user
// config), in a folder that is removed when the tool ends.
import { execFile } from 'node:child_process'
import { access, constants, mkdir, mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
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

/**
 * The environment tools are looked up in (the process's, unless a test gives one).
 * Only PATH, and with network the proxy settings, pass from it to the tool.
 */
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
  /** the tool may reach the network (kustomize remote bases): proxy settings pass through. */
  network?: boolean
  /** variables a caller hands the tool on purpose (never taken from the process). */
  extraEnv?: Record<string, string>
}

/** Proxy and certificate settings, passed only to a tool that may use the network. */
const NETWORK_VARIABLES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR'
]

/** What Windows programs cannot start without. */
const WINDOWS_VARIABLES = ['SystemRoot', 'SYSTEMROOT', 'windir', 'ComSpec', 'PATHEXT']

/**
 * The whole environment of a tool run, built from nothing: PATH from `host`, a
 * private HOME, TMPDIR and XDG folders under `sandbox`, helm's folders there
 * too (so no plugin or repository of the user's is found) with plugins off,
 * and kustomize's plugin home unset. Nothing else of `host` passes.
 */
export function toolEnvironment(
  host: ToolEnv,
  sandbox: string,
  options: Pick<RunOptions, 'network' | 'extraEnv'> = {}
): Record<string, string> {
  const home = path.join(sandbox, 'home')
  const temp = path.join(sandbox, 'tmp')
  const env: Record<string, string> = {
    PATH: host.PATH ?? '',
    HOME: home,
    TMPDIR: temp,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    HELM_CONFIG_HOME: path.join(home, 'helm', 'config'),
    HELM_CACHE_HOME: path.join(home, 'helm', 'cache'),
    HELM_DATA_HOME: path.join(home, 'helm', 'data'),
    HELM_PLUGINS: path.join(home, 'helm', 'plugins'),
    HELM_NO_PLUGINS: '1'
  }
  if (process.platform === 'win32') {
    Object.assign(env, { USERPROFILE: home, TEMP: temp, TMP: temp })
    copy(host, env, WINDOWS_VARIABLES)
  }
  if (options.network) copy(host, env, NETWORK_VARIABLES)
  return { ...env, ...options.extraEnv }
}

function copy(from: ToolEnv, to: Record<string, string>, names: string[]): void {
  for (const name of names) {
    const value = from[name]
    if (value !== undefined) to[name] = value
  }
}

/** Rendered output can be large (a chart of CRDs is megabytes); the cap only stops a runaway. */
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000

/** Runs `file args`, resolving with stdout; a nonzero exit rejects with the tool's stderr. */
export async function runTool(file: string, args: string[], options: RunOptions): Promise<string> {
  const sandbox = await mkdtemp(path.join(tmpdir(), 'kube-drift-tool-'))
  try {
    const env = toolEnvironment(options.env, sandbox, options)
    await mkdir(env.HOME as string, { recursive: true, mode: 0o700 })
    await mkdir(env.TMPDIR as string, { recursive: true, mode: 0o700 })
    return await execute(file, args, options, env)
  } finally {
    await rm(sandbox, { recursive: true, force: true })
  }
}

function execute(
  file: string,
  args: string[],
  options: RunOptions,
  env: Record<string, string>
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env,
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
