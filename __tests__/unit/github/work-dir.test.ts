// A cancelled job: the runner sends SIGINT, then SIGTERM. The kubeconfig in
// RUNNER_TEMP must be gone either way, and the process must still die of the
// signal (the runner then marks the step cancelled, not succeeded).
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const HOLDER = join(import.meta.dirname, 'fixtures', 'hold-work-dir.ts')

describe('the work dir of a cancelled job', () => {
  const parents: string[] = []
  afterAll(() => {
    for (const parent of parents) rmSync(parent, { recursive: true, force: true })
  })

  it.each(['SIGTERM', 'SIGINT'] as const)('is removed on %s', async signal => {
    const parent = mkdtempSync(join(tmpdir(), 'kube-drift-runner-temp-'))
    parents.push(parent)
    const child = spawn(process.execPath, [HOLDER, parent], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const kubeconfig = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))
      child.once('exit', () => reject(new Error(`the holder exited early: ${stderr}`)))
    })
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600)

    const exited = new Promise<NodeJS.Signals | null>(resolve =>
      child.once('exit', (_code, by) => resolve(by))
    )
    child.kill(signal)
    expect(await exited).toBe(signal)
    expect(existsSync(kubeconfig)).toBe(false)
    expect(readdirSync(parent)).toEqual([])
  })
})
