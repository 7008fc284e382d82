// The action's inputs: defaults without a runner, clear errors naming the
// input, and every credential of the kubeconfig masked.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readActionInputs } from '../../../src/github/action-inputs.ts'
import { maskKubeconfig } from '../../../src/config/mask-kubeconfig.ts'
import { captureStdout } from './helpers.ts'

const KUBECONFIG = `apiVersion: v1
clusters:
  - name: c
    cluster: { server: 'https://10.0.0.1' }
users:
  - name: u
    user: { token: tok-123456789 }
contexts: [{ name: x, context: { cluster: c, user: u } }]
`

describe('readActionInputs', () => {
  const saved = { ...process.env }
  let workspace: string
  let stdout: ReturnType<typeof captureStdout>

  beforeEach(() => {
    for (const key of Object.keys(process.env)) {
      if (key.startsWith('INPUT_') || key === 'KUBECONFIG' || key === 'GITHUB_TOKEN')
        delete process.env[key]
    }
    workspace = mkdtempSync(join(tmpdir(), 'kube-drift-inputs-'))
    process.env.INPUT_KUBECONFIG = KUBECONFIG
    stdout = captureStdout()
  })
  afterEach(() => {
    stdout.restore()
    process.env = { ...saved }
  })

  it('has the defaults action.yml declares when the runner sets nothing', async () => {
    const inputs = await readActionInputs(workspace)
    expect(inputs).toMatchObject({
      mode: 'detect',
      comment: 'auto',
      issue: 'auto',
      issueLabels: ['kube-drift'],
      failOnDrift: false,
      prune: false,
      dryRun: false,
      forceConflicts: false,
      allowOnPullRequest: false,
      concurrency: 8,
      fieldManager: 'kube-drift'
    })
    expect(inputs.targets.map(target => target.paths)).toEqual([['.']])
    expect(inputs.kubeconfig).toBe(KUBECONFIG.trim())
  })

  it('accepts a base64 kubeconfig and masks raw, decoded and each credential', async () => {
    process.env.INPUT_KUBECONFIG = Buffer.from(KUBECONFIG).toString('base64')
    const inputs = await readActionInputs(workspace)
    expect(inputs.kubeconfig?.trim()).toBe(KUBECONFIG.trim())
    const masks = stdout
      .text()
      .split('\n')
      .filter(line => line.startsWith('::add-mask::'))
    expect(masks).toContain(`::add-mask::${process.env.INPUT_KUBECONFIG}`)
    expect(masks).toContain('::add-mask::tok-123456789')
  })

  it('reads lists, choices and flags', async () => {
    Object.assign(process.env, {
      'INPUT_ISSUE-LABELS': 'drift, ops\nprod',
      INPUT_COMMENT: 'on-drift',
      INPUT_ISSUE: 'true',
      'INPUT_FAIL-ON-DRIFT': 'True',
      INPUT_CONCURRENCY: '3',
      INPUT_MODE: 'RECONCILE'
    })
    const inputs = await readActionInputs(workspace)
    expect(inputs).toMatchObject({
      issueLabels: ['drift', 'ops', 'prod'],
      comment: 'on-drift',
      issue: 'true',
      failOnDrift: true,
      concurrency: 3,
      mode: 'reconcile'
    })
  })

  it('reads a severity threshold in fail-on-drift', async () => {
    for (const severity of ['critical', 'high', 'medium', 'low']) {
      process.env['INPUT_FAIL-ON-DRIFT'] = severity
      expect((await readActionInputs(workspace)).failOnDrift).toBe(severity)
    }
  })

  it('takes the token from github-token, else GITHUB_TOKEN, and masks it', async () => {
    process.env.GITHUB_TOKEN = 'ghs_fromEnv'
    expect((await readActionInputs(workspace)).githubToken).toBe('ghs_fromEnv')
    process.env['INPUT_GITHUB-TOKEN'] = 'ghs_fromInput'
    expect((await readActionInputs(workspace)).githubToken).toBe('ghs_fromInput')
    expect(stdout.text()).toContain('::add-mask::ghs_fromInput')
  })

  it.each([
    [
      'INPUT_FAIL-ON-DRIFT',
      'yes',
      'input "fail-on-drift" must be true, false, introduced, critical, high, medium, low (got "yes")'
    ],
    ['INPUT_CONCURRENCY', '0', 'input "concurrency" must be a positive integer (got "0")'],
    ['INPUT_ISSUE', 'maybe', 'input "issue" must be one of auto, true, false (got "maybe")'],
    ['INPUT_MODE', 'apply', 'input "mode" must be one of detect, reconcile, list (got "apply")'],
    ['INPUT_KUBECONFIG', 'not a kubeconfig!', 'neither YAML nor base64']
  ])('%s=%s is refused, naming the input', async (name, value, message) => {
    process.env[name] = value
    await expect(readActionInputs(workspace)).rejects.toThrow(message)
  })

  it('needs a kubeconfig unless KUBECONFIG is set or only the targets are listed', async () => {
    delete process.env.INPUT_KUBECONFIG
    await expect(readActionInputs(workspace)).rejects.toThrow(
      'input "kubeconfig" is required when KUBECONFIG is not set'
    )
    process.env.INPUT_MODE = 'list'
    await expect(readActionInputs(workspace)).resolves.toMatchObject({ kubeconfig: undefined })
    process.env.INPUT_MODE = 'detect'
    process.env.KUBECONFIG = '/somewhere/config'
    await expect(readActionInputs(workspace)).resolves.toMatchObject({ kubeconfig: undefined })
  })
})

describe('maskKubeconfig', () => {
  it('masks an exec plugin environment and a password in a URL', () => {
    const secrets = maskKubeconfig(`
clusters:
  - name: c
    cluster: { server: 'https://10.0.0.1', proxy-url: 'http://proxyuser:pr%40xy-pass@proxy:3128' }
users:
  - name: u
    user:
      exec:
        command: aws
        env:
          - { name: AWS_SESSION_TOKEN, value: session-token-value }
`)
    expect(secrets).toEqual(['pr@xy-pass', 'session-token-value'])
  })
})
