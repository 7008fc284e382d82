// Runs one command and measures it: wall time, user+sys CPU and peak RSS (GNU
// time when installed, else by polling /proc), its stderr kept for the caller.
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

export interface Measured {
  seconds: number
  cpuSeconds?: number
  maxRssMiB?: number
  exitCode: number | null
  stderr: string
}

let gnuTimeChecked: string | null | undefined
function gnuTime(): string | null {
  if (gnuTimeChecked !== undefined) return gnuTimeChecked
  try {
    execFileSync('/usr/bin/time', ['-v', 'true'], { stdio: 'ignore' })
    gnuTimeChecked = '/usr/bin/time'
  } catch {
    gnuTimeChecked = null
  }
  return gnuTimeChecked
}

export function measure(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {}
): Promise<Measured> {
  const time = gnuTime()
  const [file, argv] = time ? [time, ['-v', command, ...args]] : [command, args]
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(file, argv, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env }
    })
    let stderr = ''
    child.stderr.on('data', chunk => (stderr += chunk))
    const polled = { rssKiB: 0, cpuTicks: 0 }
    const poll = time ? undefined : setInterval(() => pollProc(child.pid, polled), 20)
    child.on('error', reject)
    child.on('close', exitCode => {
      const seconds = (performance.now() - started) / 1000
      if (poll) clearInterval(poll)
      const field = (label: string) => {
        const match = new RegExp(`${label}: ([\\d.]+)`).exec(stderr)
        return match ? Number(match[1]) : undefined
      }
      const user = field('User time \\(seconds\\)')
      const sys = field('System time \\(seconds\\)')
      const rss = field('Maximum resident set size \\(kbytes\\)')
      resolve({
        seconds,
        exitCode: time ? (field('Exit status') ?? exitCode) : exitCode,
        stderr,
        cpuSeconds: time ? (user ?? 0) + (sys ?? 0) : polled.cpuTicks / 100,
        maxRssMiB: time ? (rss === undefined ? undefined : rss / 1024) : polled.rssKiB / 1024
      })
    })
  })
}

/** The peak RSS (VmHWM) and CPU ticks of a running process, as far as /proc shows them. */
function pollProc(pid: number | undefined, into: { rssKiB: number; cpuTicks: number }): void {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const hwm = /VmHWM:\s+(\d+)/.exec(status)
    if (hwm) into.rssKiB = Math.max(into.rssKiB, Number(hwm[1]))
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    into.cpuTicks = Number(stat[11] ?? 0) + Number(stat[12] ?? 0)
  } catch {
    // The process has ended: what was polled last stands.
  }
}
