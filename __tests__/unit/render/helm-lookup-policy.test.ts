// When a chart that uses lookup renders with the cluster: on for schedule,
// push and workflow_dispatch and the CLI; off on pull requests and any other
// event unless the workflow opts in; a .kube-drift.yaml target can turn it
// off, never on.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { targetRequestOf } from '../../../src/cli/target-options.ts'
import { UsageError } from '../../../src/cli/usage-error.ts'
import { readActionInputs } from '../../../src/github/action-inputs.ts'
import { parseConfig } from '../../../src/config/config-file.ts'
import { helmLookupEnabled, targetHelmLookup } from '../../../src/config/helm-lookup-policy.ts'
import { loadTargets } from '../../../src/config/load-targets.ts'
import { captureStdout } from '../github/helpers.ts'

describe('helmLookupEnabled', () => {
  it.each([
    ['auto', 'schedule', true],
    ['auto', 'push', true],
    ['auto', 'workflow_dispatch', true],
    ['auto', 'pull_request', false],
    ['auto', 'pull_request_target', false],
    ['auto', 'merge_group', false],
    ['auto', 'issue_comment', false],
    ['auto', '', false],
    ['true', 'pull_request', true],
    ['true', 'pull_request_target', true],
    ['false', 'schedule', false],
    ['false', 'push', false]
  ] as const)('%s on %s → %s', (setting, event, expected) => {
    expect(helmLookupEnabled(setting, event)).toBe(expected)
  })

  it('lets a config target turn it off, never on', () => {
    expect(targetHelmLookup(true, undefined)).toBe(true)
    expect(targetHelmLookup(true, true)).toBe(true)
    expect(targetHelmLookup(true, false)).toBe(false)
    expect(targetHelmLookup(false, true)).toBe(false)
    expect(targetHelmLookup(undefined, true)).toBe(false)
  })
})

/** A workspace with a chart at charts/web and a config that names it. */
function workspace(config?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-drift-lookup-policy-'))
  mkdirSync(path.join(dir, 'charts', 'web', 'templates'), { recursive: true })
  writeFileSync(
    path.join(dir, 'charts', 'web', 'Chart.yaml'),
    'apiVersion: v2\nname: web\nversion: 1.0.0\n'
  )
  if (config) writeFileSync(path.join(dir, '.kube-drift.yaml'), config)
  return dir
}

describe('the action input helm-lookup', () => {
  const saved = { ...process.env }
  let stdout: ReturnType<typeof captureStdout>

  beforeEach(() => {
    for (const key of Object.keys(process.env)) {
      if (key.startsWith('INPUT_') || key === 'GITHUB_EVENT_NAME') delete process.env[key]
    }
    process.env.INPUT_KUBECONFIG =
      'apiVersion: v1\nclusters: [{ name: c, cluster: { server: "https://10.0.0.1" } }]\n'
    process.env.INPUT_PATH = 'charts/web'
    stdout = captureStdout()
  })
  afterEach(() => {
    stdout.restore()
    process.env = { ...saved }
  })

  const lookupOf = async (event: string) => {
    const inputs = await readActionInputs(workspace(), event)
    return inputs.targets.map(t => t.helm?.lookup === true)
  }

  it('is auto by default: on for scheduled, push and manual runs, off on pull requests', async () => {
    expect(await lookupOf('schedule')).toEqual([true])
    expect(await lookupOf('push')).toEqual([true])
    expect(await lookupOf('workflow_dispatch')).toEqual([true])
    expect(await lookupOf('pull_request')).toEqual([false])
    expect(await lookupOf('pull_request_target')).toEqual([false])
  })

  it('reads the event from GITHUB_EVENT_NAME when not given', async () => {
    process.env.GITHUB_EVENT_NAME = 'pull_request'
    const inputs = await readActionInputs(workspace())
    expect(inputs.targets[0]?.helm?.lookup).toBeUndefined()
    expect(inputs.targetRequest.helmLookup).toBe(false)
  })

  it('opts in on a pull request with true, and out everywhere with false', async () => {
    process.env['INPUT_HELM-LOOKUP'] = 'true'
    expect(await lookupOf('pull_request')).toEqual([true])
    process.env['INPUT_HELM-LOOKUP'] = 'false'
    expect(await lookupOf('schedule')).toEqual([false])
  })

  it('refuses any other value, naming the input', async () => {
    process.env['INPUT_HELM-LOOKUP'] = 'yes'
    await expect(readActionInputs(workspace(), 'schedule')).rejects.toThrow(
      'input "helm-lookup" must be one of auto, true, false (got "yes")'
    )
  })
})

describe('the CLI flags --helm-lookup and --no-helm-lookup', () => {
  it('is on by default, off with --no-helm-lookup, and refuses both at once', () => {
    expect(targetRequestOf({}, '/w').helmLookup).toBe(true)
    expect(targetRequestOf({ 'helm-lookup': true }, '/w').helmLookup).toBe(true)
    expect(targetRequestOf({ 'no-helm-lookup': true }, '/w').helmLookup).toBe(false)
    expect(() => targetRequestOf({ 'helm-lookup': true, 'no-helm-lookup': true }, '/w')).toThrow(
      UsageError
    )
  })
})

describe('helm.lookup in .kube-drift.yaml', () => {
  it('is read as a boolean, and anything else names the line and the key', () => {
    const config = parseConfig(
      'targets:\n  - path: charts/web\n    helm: { lookup: false }\n',
      '.kube-drift.yaml'
    )
    expect(config.targets[0]?.helm?.lookup).toBe(false)
    expect(() =>
      parseConfig(
        'targets:\n  - path: charts/web\n    helm:\n      lookup: sometimes\n',
        '.kube-drift.yaml'
      )
    ).toThrow('.kube-drift.yaml:4: targets[0].helm.lookup: must be true or false')
  })

  it('turns lookup off for its target; true does not turn on what the run has off', async () => {
    const cwd = workspace(
      [
        'targets:',
        '  - { name: quiet, path: charts/web, helm: { release: a, lookup: false } }',
        '  - { name: loud, path: charts/web, helm: { release: b, lookup: true } }',
        '  - { name: plain, path: charts/web, helm: { release: c } }',
        ''
      ].join('\n')
    )
    const on = await loadTargets({ cwd, helmLookup: true })
    expect(on.map(t => [t.name, t.helm?.lookup === true])).toEqual([
      ['quiet', false],
      ['loud', true],
      ['plain', true]
    ])
    const off = await loadTargets({ cwd, helmLookup: false })
    expect(off.map(t => [t.name, t.helm?.lookup === true])).toEqual([
      ['quiet', false],
      ['loud', false],
      ['plain', false]
    ])
    // A target made without the run's policy (a test, a library caller) never renders with the cluster.
    expect((await loadTargets({ cwd })).map(t => t.helm?.lookup === true)).toEqual([
      false,
      false,
      false
    ])
  })
})
