// `kube-drift check --state FILE` against the real control plane, as a cron job
// outside GitHub Actions runs it: the first run records what drifted, a second
// after another `kubectl patch` keeps the first-seen time and flags the new
// field, a third after a field is put back lists it as resolved. The file is
// the owner's only (0600).
import { jest } from '@jest/globals'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runCli } from '../../src/cli/run.ts'
import type { DriftReport, FieldChange } from '../../src/types.ts'
import { deleteNamespace, testKubeconfigPath, uniqueNamespace } from './cluster-env.ts'
import { kubectl, manifestDir } from './harness.ts'

const TIMEOUT_MS = 60_000

/** Runs the CLI in-process; returns its exit code and what it wrote to stdout. */
async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  const written: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    written.push(String(chunk))
    return true
  })
  try {
    const code = await runCli(args)
    return { code, stdout: written.join('') }
  } finally {
    spy.mockRestore()
  }
}

describe('check --state FILE', () => {
  const namespace = uniqueNamespace('state-file')
  const dir = manifestDir({
    'settings.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: ${namespace}\ndata:\n  MODE: calm\n  LEVEL: "1"\n`
  })
  const state = path.join(mkdtempSync(path.join(tmpdir(), 'kube-drift-state-')), 'drift.json')
  const report = path.join(path.dirname(state), 'report.json')

  beforeAll(() => {
    kubectl(['create', 'namespace', namespace])
    kubectl(['apply', '-f', dir])
  }, TIMEOUT_MS)
  afterAll(async () => {
    await deleteNamespace(namespace)
  }, TIMEOUT_MS)

  const patch = (data: Record<string, string>) =>
    kubectl([
      'patch',
      'configmap',
      'settings',
      '-n',
      namespace,
      '--type',
      'merge',
      '-p',
      JSON.stringify({ data })
    ])
  const base = () => [
    'check',
    '--path',
    dir,
    '--kubeconfig',
    testKubeconfigPath(),
    '--context',
    'differ',
    '--quiet',
    '--state',
    state
  ]

  async function jsonRun(): Promise<Map<string, FieldChange>> {
    const { code } = await cli([...base(), '--output', 'json', '--out', report])
    expect(code).toBe(2)
    const json = JSON.parse(readFileSync(report, 'utf8')) as DriftReport
    const changes = json.targets[0]!.resources[0]!.changes
    return new Map(changes.map(change => [change.path, change]))
  }

  it(
    'keeps first seen across runs, flags what is new, lists what was resolved; the file is 0600',
    async () => {
      patch({ MODE: 'storm' })
      const first = await jsonRun()
      const mode = first.get('/data/MODE')
      expect(mode).toMatchObject({ lifecycle: 'new' })
      expect(mode?.firstSeen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      expect(statSync(state).mode & 0o777).toBe(0o600)

      // Later (first-seen times have whole seconds), another field drifts.
      await new Promise(resolve => setTimeout(resolve, 1100))
      patch({ LEVEL: '9' })
      const second = await jsonRun()
      expect(second.get('/data/MODE')).toMatchObject({
        lifecycle: 'still',
        firstSeen: mode?.firstSeen
      })
      expect(second.get('/data/LEVEL')).toMatchObject({ lifecycle: 'new' })
      expect(second.get('/data/LEVEL')?.firstSeen).not.toBe(mode?.firstSeen)

      // MODE is put back: the text report says it was resolved, and LEVEL is still there.
      patch({ MODE: 'calm' })
      const third = await cli(base())
      expect(third.code).toBe(2)
      expect(third.stdout).toContain(
        `resolved: ConfigMap ${namespace}/settings data.MODE (drifted since `
      )
      expect(third.stdout).toMatch(
        /data\.LEVEL: .* \[first seen \d{4}-\d\d-\d\d \d\d:\d\d UTC, under an hour\]/
      )
      expect(third.stdout).toContain('since the last run: 0 new, 1 still drifted, 1 resolved')
      expect(statSync(state).mode & 0o777).toBe(0o600)
    },
    TIMEOUT_MS
  )
})
