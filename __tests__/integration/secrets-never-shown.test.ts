// A canary Secret value, deployed with client-side apply (so the
// last-applied-configuration annotation embeds it too), then rotated by hand:
// the bundled CLI in every output format, and its progress log, never show
// either value, plain or base64 — for a drifted, a missing and an extra Secret.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { kubectl, manifestDir } from './harness.ts'
import { testKubeconfigPath } from './cluster-env.ts'

const ORIGINAL = 'canary-in-git-9d1e7b'
const ROTATED = 'canary-by-hand-44c0fa'
const EXTRA = 'canary-extra-3b8e21'
const MISSING = 'canary-missing-6f2d90'
const ROOT = join(import.meta.dirname, '..', '..')

function secret(name: string, value: string): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: canary
  labels: { app.kubernetes.io/part-of: canary }
stringData:
  password: ${value}
  note: also-${value}
`
}

describe('secrets are never shown', () => {
  let dir: string

  beforeAll(() => {
    kubectl(['create', 'namespace', 'canary'])
    dir = manifestDir({ 'secret.yaml': secret('db', ORIGINAL) })
    kubectl(['apply', '-f', dir])
    kubectl([
      '-n',
      'canary',
      'patch',
      'secret/db',
      '-p',
      JSON.stringify({ stringData: { password: ROTATED } })
    ])
    kubectl(['apply', '-f', '-'], { input: secret('hand-made', EXTRA) })
    // In Git, never deployed: Missing, its desired value in the diff side.
    dir = manifestDir({
      'secret.yaml': secret('db', ORIGINAL),
      'missing.yaml': secret('not-deployed', MISSING)
    })
  })

  it.each([
    ['text', 'differ'],
    ['json', 'differ'],
    ['markdown', 'differ'],
    ['text', 'reader'],
    ['json', 'reader'],
    ['markdown', 'reader']
  ])('in the %s report and the log (context %s)', (output, context) => {
    const result = spawnSync(
      process.execPath,
      [
        'dist/cli.js',
        'check',
        '--path',
        dir,
        '--kubeconfig',
        testKubeconfigPath(),
        '--context',
        context,
        '--selector',
        'app.kubernetes.io/part-of=canary',
        '--output',
        output
      ],
      { cwd: ROOT, encoding: 'utf8' }
    )
    expect(result.status).toBe(2)
    const everything = result.stdout + result.stderr
    // The report is about the secrets: the keys are named, the verdicts given.
    expect(everything).toContain('password')
    expect(everything).toMatch(/not-deployed/)
    expect(everything).toMatch(/hand-made/)
    for (const value of [ORIGINAL, ROTATED, EXTRA, MISSING]) {
      expect(everything).not.toContain(value)
      expect(everything).not.toContain(Buffer.from(value).toString('base64'))
      expect(everything).not.toContain(Buffer.from(`also-${value}`).toString('base64'))
    }
  })
})
