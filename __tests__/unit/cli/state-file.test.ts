// The --state file: missing is a new history, unreadable contents are rebuilt
// with a warning (never a failed run), and it is written whole (temporary file
// renamed) with mode 0600. The run against a real cluster is in
// __tests__/integration/state-file.test.ts.
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { applyStateFile, readStateFile } from '../../../src/cli/state-file.ts'
import type { DriftReport } from '../../../src/types.ts'
import { reportOf, resource, target } from '../report/sample-reports.ts'

function night(generatedAt: string): DriftReport {
  const report = reportOf([
    target([
      resource({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'api',
        status: 'Drifted',
        changes: [{ path: '/spec/replicas', reason: 'changed', desired: 3, live: 5 }]
      })
    ])
  ])
  report.generatedAt = generatedAt
  return report
}

const scratch = () => mkdtemp(path.join(os.tmpdir(), 'kd-state-'))

describe('the --state file', () => {
  it('is a new history when missing, then keeps first seen across runs; 0600, nothing left beside it', async () => {
    const dir = await scratch()
    const file = path.join(dir, 'drift-state.json')
    expect((await readStateFile(file)).state.entries.size).toBe(0)
    const warnings: string[] = []
    const { report: one } = await applyStateFile(file, night('2026-11-30T03:30:00Z'), w =>
      warnings.push(w)
    )
    const { report: two } = await applyStateFile(file, night('2026-12-01T03:30:00Z'), w =>
      warnings.push(w)
    )
    expect(one.targets[0]!.resources[0]!.changes[0]).toMatchObject({ lifecycle: 'new' })
    expect(two.targets[0]!.resources[0]!.changes[0]).toMatchObject({
      lifecycle: 'still',
      firstSeen: '2026-11-30T03:30:00Z'
    })
    expect(warnings).toEqual([])
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await readdir(dir)).toEqual(['drift-state.json'])
  })

  it('says what the last run saw, for --suggest-ignores (nothing on the first run)', async () => {
    const file = path.join(await scratch(), 'state.json')
    const first = await applyStateFile(file, night('2026-11-30T03:30:00Z'), () => {})
    const second = await applyStateFile(file, night('2026-12-01T03:30:00Z'), () => {})
    const [resource] = first.report.targets[0]!.resources
    const [change] = resource!.changes
    expect(first.seenBefore(change!, resource!)).toBe(false)
    expect(second.seenBefore(change!, resource!)).toBe(true)
  })

  it('an existing file is replaced with mode 0600 whatever its mode was', async () => {
    const file = path.join(await scratch(), 'state.json')
    await writeFile(file, '{"v":1,"r":[]}', { mode: 0o644 })
    await applyStateFile(file, night('2026-11-30T03:30:00Z'), () => {})
    expect((await stat(file)).mode & 0o777).toBe(0o600)
  })

  it.each([
    ['not JSON', 'garbage{'],
    ['another version', '{"v":7,"r":[]}'],
    ['a bad shape', '{"v":1,"r":[["web"]]}']
  ])('%s is rebuilt with a warning, and the run goes on', async (_name, contents) => {
    const file = path.join(await scratch(), 'state.json')
    await writeFile(file, contents)
    const warnings: string[] = []
    const { report } = await applyStateFile(file, night('2026-11-30T03:30:00Z'), w =>
      warnings.push(w)
    )
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(`--state ${file}: the drift history could not be read`)
    // Rebuilt: nothing is called new (the history is unknown), first seen starts now.
    expect(report.targets[0]!.resources[0]!.changes[0]).toMatchObject({
      lifecycle: 'still',
      firstSeen: '2026-11-30T03:30:00Z'
    })
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ v: 1 })
  })

  it('a file it cannot write is an error (exit 1), never a silent loss', async () => {
    const file = path.join(await scratch(), 'no-such-dir', 'state.json')
    await expect(applyStateFile(file, night('2026-11-30T03:30:00Z'), () => {})).rejects.toThrow(
      'cannot write the --state file'
    )
  })
})
