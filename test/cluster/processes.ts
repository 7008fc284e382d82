// Control plane processes: each started in its own process group with its output in a
// log file, stopped group-wide (SIGTERM, then SIGKILL), and checked through /proc so
// that a zombie, which has exited and only awaits reaping, counts as gone.

import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

export interface ComponentInfo {
  name: string
  pid: number
  binary: string
  logFile: string
}

export interface Component extends ComponentInfo {
  child: ChildProcess
  exited: Promise<void>
  exitDescription?: string
}

/** How long a process group gets between SIGTERM and SIGKILL. */
export const STOP_GRACE_MS = 5000

export function tailFile(path: string, lines = 25): string {
  try {
    const text = readFileSync(path, 'utf8').trimEnd()
    return text.split('\n').slice(-lines).join('\n')
  } catch (error) {
    return `(no log: ${(error as Error).message})`
  }
}

/** A zombie has exited; only its parent (or init) has yet to reap it. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z'
  } catch {
    return false
  }
}

/** Whether the process group still has a live member (a zombie leader counts as gone). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  return !isZombie(pgid)
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal)
  } catch {
    // already gone
  }
}

/** True when the process exists and, where /proc tells, runs the expected program. */
export function processMatches(pid: number, expect?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  if (isZombie(pid)) return false
  if (!expect) return true
  const cmdlinePath = `/proc/${pid}/cmdline`
  if (!existsSync('/proc/self/cmdline')) return true
  try {
    return readFileSync(cmdlinePath, 'utf8').split('\0').join(' ').includes(expect)
  } catch {
    return false
  }
}

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Waits for promise, at most ms, leaving no timer behind (a pending one would keep the process alive). */
export async function within(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([promise, new Promise<void>(resolve => (timer = setTimeout(resolve, ms)))])
  clearTimeout(timer)
}

/** Resolves once the component's process has exited or failed to start, recording which in exitDescription. */
export function whenExited(component: Component): Promise<void> {
  return new Promise<void>(resolve => {
    component.child.once('exit', (code, signal) => {
      component.exitDescription = signal ? `killed by ${signal}` : `exited with code ${code}`
      resolve()
    })
    component.child.once('error', error => {
      component.exitDescription = `failed to start: ${error.message}`
      resolve()
    })
  })
}

export function startComponent(
  name: string,
  binary: string,
  args: string[],
  dir: string
): Component {
  const logFile = join(dir, 'logs', `${name}.log`)
  const fd = openSync(logFile, 'a', 0o600)
  let child: ChildProcess
  try {
    // detached: its own session and process group, so a terminal's Ctrl-C reaches the
    // launcher (which stops everything in order) and stop() can signal the whole group.
    child = spawn(binary, args, { cwd: dir, detached: true, stdio: ['ignore', fd, fd] })
  } finally {
    closeSync(fd)
  }
  const component: Component = {
    name,
    binary,
    logFile,
    pid: child.pid ?? -1,
    child,
    exited: Promise.resolve()
  }
  component.exited = whenExited(component)
  return component
}

export async function stopComponent(component: Component): Promise<void> {
  if (component.pid <= 0) return
  signalGroup(component.pid, 'SIGTERM')
  const deadline = Date.now() + STOP_GRACE_MS
  let killed = false
  for (;;) {
    const running = component.exitDescription === undefined
    if (!running && !groupAlive(component.pid)) return
    if (!killed && Date.now() >= deadline) {
      signalGroup(component.pid, 'SIGKILL')
      killed = true
    }
    if (killed && Date.now() >= deadline + STOP_GRACE_MS) {
      throw new Error(`${component.name} (pid ${component.pid}) did not exit after SIGKILL`)
    }
    await within(component.exited, 100)
  }
}

/** Free TCP ports on 127.0.0.1 (held open together so they are distinct, then released). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer()
          server.once('error', reject)
          server.listen(0, '127.0.0.1', () => resolve(server))
        })
    )
  )
  const ports = servers.map(server => {
    const address = server.address()
    if (address === null || typeof address === 'string')
      throw new Error('unexpected server address')
    return address.port
  })
  await Promise.all(servers.map(server => new Promise(resolve => server.close(resolve))))
  return ports
}
