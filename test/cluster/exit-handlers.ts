// Process-wide cleanup for every running cluster: on exit, synchronously kill their
// process groups and remove their directories; on SIGINT/SIGTERM/SIGHUP (when asked
// for), stop them gracefully and then let the signal take effect.

import { rmSync } from 'node:fs'
import { logToStderr } from './log.ts'
import { signalGroup } from './processes.ts'

export interface CleanupEntry {
  dir: string
  groups: () => number[]
  stop: () => Promise<void>
}

const active = new Set<CleanupEntry>()
let handlersInstalled = false
const signalNumbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }
const signalHandlers = new Map<NodeJS.Signals, () => void>()

function onExitSync(): void {
  // Last resort, synchronous: no graceful shutdown possible inside 'exit'.
  for (const entry of active) {
    for (const pgid of entry.groups()) signalGroup(pgid, 'SIGKILL')
    rmSync(entry.dir, { recursive: true, force: true })
  }
  active.clear()
}

function onSignal(signal: NodeJS.Signals): void {
  const wanted = [...active]
  logToStderr(`${signal} received: stopping ${wanted.length} local cluster(s)`)
  void Promise.allSettled(wanted.map(entry => entry.stop())).then(() => {
    uninstallSignalHandlers()
    // Do not swallow the signal: with nobody else listening, re-raise it for the
    // default action; otherwise exit the way the default action would have.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
    else process.exit(128 + (signalNumbers[signal] ?? 1))
  })
}

function installHandlers(withSignals: boolean): void {
  if (!handlersInstalled) {
    process.on('exit', onExitSync)
    handlersInstalled = true
  }
  if (withSignals && signalHandlers.size === 0) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as NodeJS.Signals[]) {
      const handler = () => onSignal(signal)
      signalHandlers.set(signal, handler)
      process.once(signal, handler)
    }
  }
}

function uninstallSignalHandlers(): void {
  for (const [signal, handler] of signalHandlers) process.removeListener(signal, handler)
  signalHandlers.clear()
}

/** Cleans up entry on exit and, with withSignals, on SIGINT/SIGTERM/SIGHUP. */
export function cleanUpOnExit(entry: CleanupEntry, withSignals: boolean): void {
  active.add(entry)
  installHandlers(withSignals)
}

/** Forgets entry (it has stopped); the signal handlers go with the last one. */
export function forgetOnExit(entry: CleanupEntry): void {
  active.delete(entry)
  if (active.size === 0) uninstallSignalHandlers()
}
