// The watchdog outlives a launcher killed without running any handler: when its stdin
// (a pipe from the launcher) closes without "disarm", it stops the recorded process
// groups and removes the directory. CommonJS, no dependencies.

import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { join } from 'node:path'
import { STOP_GRACE_MS, whenExited, within, type Component } from './processes.ts'

const WATCHDOG_SOURCE = `
const fs = require('node:fs')
const groups = []
let dir = ''
let disarmed = false
let buffer = ''
for (const s of ['SIGINT', 'SIGHUP', 'SIGTERM']) process.on(s, () => {})
const zombie = p => { try { const s = fs.readFileSync('/proc/' + p + '/stat', 'utf8'); return s[s.lastIndexOf(')') + 2] === 'Z' } catch { return false } }
const alive = g => { try { process.kill(-g, 0) } catch (e) { if (e.code !== 'EPERM') return false } return !zombie(g) }
const signal = (g, s) => { try { process.kill(-g, s) } catch {} }
let cleaning = false
function cleanup() {
  if (disarmed) process.exit(0)
  if (cleaning) return
  cleaning = true
  // Reverse start order, like stop(): the API server shuts down faster with etcd still up.
  const order = groups.slice().reverse()
  const next = () => {
    const g = order.shift()
    if (g === undefined) {
      if (dir) fs.rmSync(dir, { recursive: true, force: true })
      process.exit(0)
    }
    signal(g, 'SIGTERM')
    const start = Date.now()
    let killed = false
    const timer = setInterval(() => {
      if (!alive(g)) {
        clearInterval(timer)
        next()
      } else if (!killed && Date.now() - start > ${STOP_GRACE_MS}) {
        signal(g, 'SIGKILL')
        killed = true
      } else if (Date.now() - start > ${STOP_GRACE_MS + 3000}) {
        clearInterval(timer) // a zombie nobody reaps: nothing more to do
        next()
      }
    }, 50)
  }
  next()
}
process.stdin.setEncoding('utf8')
process.stdin.on('data', chunk => {
  buffer += chunk
  let i
  while ((i = buffer.indexOf('\\n')) >= 0) {
    const line = buffer.slice(0, i)
    buffer = buffer.slice(i + 1)
    const space = line.indexOf(' ')
    const cmd = space < 0 ? line : line.slice(0, space)
    const arg = space < 0 ? '' : line.slice(space + 1)
    if (cmd === 'dir') dir = arg
    else if (cmd === 'pid') groups.push(Number(arg))
    else if (cmd === 'disarm') disarmed = true
  }
})
process.stdin.on('end', cleanup)
process.stdin.on('error', cleanup)
`

export interface Watchdog extends Component {
  /** Sends one line: "dir <path>", "pid <process group>" or "disarm". */
  tell(line: string): void
}

export function startWatchdog(dir: string): Watchdog {
  const logFile = join(dir, 'logs', 'watchdog.log')
  const fd = openSync(logFile, 'a', 0o600)
  let child: ChildProcess
  try {
    child = spawn(process.execPath, ['--input-type=commonjs', '-e', WATCHDOG_SOURCE], {
      detached: true,
      stdio: ['pipe', 'ignore', fd]
    })
  } finally {
    closeSync(fd)
  }
  child.unref()
  const stdin = child.stdin
  // Do not let the pipe keep the launching process alive.
  ;(stdin as unknown as { unref?: () => void } | null)?.unref?.()
  stdin?.on('error', () => {})
  const watchdog: Watchdog = {
    name: 'watchdog',
    binary: process.execPath,
    logFile,
    pid: child.pid ?? -1,
    child,
    exited: Promise.resolve(),
    tell: line => {
      if (stdin && !stdin.destroyed && stdin.writable) stdin.write(`${line}\n`)
    }
  }
  watchdog.exited = whenExited(watchdog)
  watchdog.tell(`dir ${dir}`)
  return watchdog
}

/** Tells the watchdog to leave everything alone, closes its pipe and gives it 2 s to exit. */
export async function disarmWatchdog(watchdog: Watchdog): Promise<void> {
  watchdog.tell('disarm')
  watchdog.child.stdin?.end()
  await within(watchdog.exited, 2000)
}
