// A local control plane that outlives the command starting it.
//
//   node test/cluster/cli.ts up      start (or find) it; prints `export KUBECONFIG=<path>` on stdout
//   node test/cluster/cli.ts down    stop it; no process or file left behind
//   node test/cluster/cli.ts status  show what is running
//
// `up` spawns a detached `serve` process that runs the cluster and records it in
// ${KUBE_DRIFT_STATE_DIR:-<tmpdir>/kube-drift-cluster-state}/state.json; `down`
// signals that process, then removes anything it left.
//
// KUBE_DRIFT_KUBERNETES=<minor> (e.g. 1.34) chooses the release (default: the
// newest tested minor, versions.env); `up` refuses while another release runs.

import { spawn } from 'node:child_process'
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  groupAlive,
  processMatches,
  resolveBinDir,
  selectedKubernetes,
  signalGroup,
  sleep,
  startCluster,
  tailFile,
  type ComponentInfo
} from './launcher.ts'

interface State {
  status: 'starting' | 'ready'
  servePid: number
  startedAt: string
  dir?: string
  kubeconfigPath?: string
  server?: string
  version?: string
  components: ComponentInfo[]
}

const stateDir = process.env.KUBE_DRIFT_STATE_DIR || join(tmpdir(), 'kube-drift-cluster-state')
const stateFile = join(stateDir, 'state.json')
const serveLog = join(stateDir, 'serve.log')
const cliPath = fileURLToPath(import.meta.url)
const UP_TIMEOUT_MS = 180_000

function say(message: string): void {
  process.stderr.write(`[kube-drift-cluster] ${message}\n`)
}

function readState(): State | undefined {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8')) as State
  } catch {
    return undefined
  }
}

function writeState(state: State): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 })
  const tmp = `${stateFile}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 })
  renameSync(tmp, stateFile)
}

function serveAlive(state: State): boolean {
  return processMatches(state.servePid, cliPath)
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

function exportLine(state: State): string {
  return `export KUBECONFIG=${shellQuote(state.kubeconfigPath ?? '')}`
}

// ---------------------------------------------------------------- up

async function up(): Promise<number> {
  const existing = readState()
  if (existing) {
    if (
      existing.status === 'ready' &&
      serveAlive(existing) &&
      existing.kubeconfigPath &&
      existsSync(existing.kubeconfigPath)
    ) {
      const wanted = selectedKubernetes().version
      if (existing.version !== wanted) {
        say(
          `a ${existing.version} cluster is already running (serve pid ${existing.servePid}), not ${wanted}: run cluster:down first`
        )
        return 1
      }
      say(
        `already running: ${existing.version} at ${existing.server} (serve pid ${existing.servePid})`
      )
      process.stdout.write(`${exportLine(existing)}\n`)
      return 0
    }
    if (serveAlive(existing)) {
      say(`a cluster is still starting (serve pid ${existing.servePid}); waiting for it`)
      return waitReady(existing.servePid)
    }
    say('found a stale state file from a cluster that is gone; cleaning up first')
    await down(say)
  }

  // Build or find the binaries in the foreground, where their output is visible.
  const binDir = await resolveBinDir(say)
  mkdirSync(stateDir, { recursive: true, mode: 0o700 })
  const fd = openSync(serveLog, 'w', 0o600)
  const child = spawn(process.execPath, [cliPath, 'serve'], {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, KUBE_DRIFT_BIN_DIR: binDir }
  })
  closeSync(fd)
  if (!child.pid) {
    say('could not start the serve process')
    return 1
  }
  child.unref()
  say(`started serve process ${child.pid} (log: ${serveLog})`)
  return waitReady(child.pid)
}

async function waitReady(servePid: number): Promise<number> {
  const deadline = Date.now() + UP_TIMEOUT_MS
  for (;;) {
    const state = readState()
    if (state?.servePid === servePid && state.status === 'ready') {
      say(`ready: ${state.version} at ${state.server}`)
      process.stdout.write(`${exportLine(state)}\n`)
      return 0
    }
    if (!processMatches(servePid, cliPath)) {
      if (existsSync(serveLog)) {
        say(
          `the serve process exited before the cluster was ready; last lines of ${serveLog}:\n${tailFile(serveLog, 40)}`
        )
      } else {
        say('the serve process was stopped before the cluster was ready (cluster:down?)')
      }
      if (readState()?.servePid === servePid) await down(say)
      return 1
    }
    if (Date.now() > deadline) {
      say(
        `not ready after ${UP_TIMEOUT_MS / 1000} s; stopping it. Last lines of ${serveLog}:\n${tailFile(serveLog, 40)}`
      )
      await down(say)
      return 1
    }
    await sleep(200)
  }
}

// ---------------------------------------------------------------- serve

async function serve(): Promise<number> {
  const state: State = {
    status: 'starting',
    servePid: process.pid,
    startedAt: new Date().toISOString(),
    components: []
  }
  writeState(state)

  let stopRequested: NodeJS.Signals | undefined
  let wake: (() => void) | undefined
  const abort = new AbortController()
  const onSignal = (signal: NodeJS.Signals) => {
    stopRequested ??= signal
    abort.abort(new Error(`${signal} received`))
    wake?.()
  }
  // A signal while starting aborts the start (which cleans up); once ready, it stops
  // the cluster. The launcher's exit hook and watchdog remain as the last resort.
  for (const signal of ['SIGINT', 'SIGTERM'] as NodeJS.Signals[]) process.on(signal, onSignal)
  process.on('SIGHUP', () => {})

  let cluster
  try {
    cluster = await startCluster({
      handleSignals: false,
      abortSignal: abort.signal,
      onSpawn: (component, dir) => {
        state.dir = dir
        state.components.push(component)
        writeState(state)
      }
    })
  } catch (error) {
    say(`failed: ${(error as Error).message}`)
    if (readState()?.servePid === process.pid) rmSync(stateFile, { force: true })
    return stopRequested ? 0 : 1
  }

  Object.assign(state, {
    status: 'ready',
    dir: cluster.dir,
    kubeconfigPath: cluster.kubeconfigPath,
    server: cluster.server,
    version: cluster.version
  })
  writeState(state)

  if (!stopRequested) await new Promise<void>(resolve => (wake = resolve))
  say(`${stopRequested} received: stopping`)
  let code = 0
  try {
    await cluster.stop()
  } catch (error) {
    say(`stop: ${(error as Error).message}`)
    code = 1
  }
  if (readState()?.servePid === process.pid) rmSync(stateFile, { force: true })
  return code
}

// ---------------------------------------------------------------- down

async function waitGone(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (check()) {
    if (Date.now() > deadline) return false
    await sleep(100)
  }
  return true
}

const toStdout = (line: string) => process.stdout.write(`${line}\n`)

async function down(out: (line: string) => void = toStdout): Promise<number> {
  const state = readState()
  if (!state) {
    out(`no local cluster recorded in ${stateFile}; nothing to stop`)
    return 0
  }
  const report: string[] = []
  if (serveAlive(state)) {
    process.kill(state.servePid, 'SIGTERM')
    const gone = await waitGone(() => serveAlive(state), 30_000)
    if (gone) report.push(`stopped serve process ${state.servePid} (it stopped the cluster)`)
    else {
      signalGroup(state.servePid, 'SIGKILL')
      report.push(`serve process ${state.servePid} did not stop within 30 s: killed`)
    }
  } else {
    report.push(`serve process ${state.servePid} was not running`)
  }

  // Whatever is left (a killed serve, a failed stop): its components, by process group.
  for (const component of state.components) {
    const expect = component.name === 'watchdog' ? '--input-type=commonjs' : component.binary
    if (!processMatches(component.pid, expect)) continue
    signalGroup(component.pid, 'SIGTERM')
    if (!(await waitGone(() => groupAlive(component.pid), 5000))) {
      signalGroup(component.pid, 'SIGKILL')
      await waitGone(() => groupAlive(component.pid), 5000)
    }
    report.push(`killed leftover ${component.name} (pid ${component.pid})`)
  }
  const left = state.components.filter(c => groupAlive(c.pid))

  if (state.dir && existsSync(state.dir)) {
    rmSync(state.dir, { recursive: true, force: true })
    report.push(`removed leftover directory ${state.dir}`)
  } else if (state.dir) {
    report.push(`directory ${state.dir} already removed`)
  }
  rmSync(stateFile, { force: true })
  rmSync(serveLog, { force: true })
  report.push(`removed ${stateFile}`)
  try {
    rmdirSync(stateDir) // only when empty
  } catch {
    // not empty or already gone
  }
  for (const line of report) out(line)
  if (left.length > 0) {
    out(`STILL RUNNING: ${left.map(c => `${c.name} (${c.pid})`).join(', ')}`)
    return 1
  }
  return 0
}

// ---------------------------------------------------------------- status

function status(): number {
  const state = readState()
  if (!state) {
    process.stdout.write('no local cluster\n')
    return 1
  }
  const alive = serveAlive(state)
  process.stdout.write(
    `${state.status}${alive ? '' : ' (serve process gone: run down)'}: ${state.version ?? '?'} at ${state.server ?? '?'}\n` +
      `dir ${state.dir ?? '?'}\n` +
      state.components
        .map(c => `  ${c.name} pid ${c.pid} ${groupAlive(c.pid) ? 'running' : 'gone'}\n`)
        .join('') +
      (state.kubeconfigPath ? `${exportLine(state)}\n` : '')
  )
  return alive && state.status === 'ready' ? 0 : 1
}

const commands: Record<string, () => number | Promise<number>> = {
  up,
  down: () => down(),
  serve,
  status
}
const command = process.argv[2] ?? ''
const run = commands[command]
if (!run) {
  process.stderr.write('usage: node test/cluster/cli.ts up|down|status\n')
  process.exit(2)
}
Promise.resolve()
  .then(run)
  .then(
    code => process.exit(code),
    (error: unknown) => {
      say(`${command} failed: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(1)
    }
  )
