import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  ToolFailedError,
  cleanStderr,
  findTool,
  runTool,
  toolEnvironment
} from '../../../src/render/tool.ts'

let scratch: string
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'kube-drift-tool-'))
})
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true })
})

async function file(
  relative: string,
  mode: number,
  text = '#!/bin/sh\necho "$@"\n'
): Promise<string> {
  const absolute = path.join(scratch, relative)
  await mkdir(path.dirname(absolute), { recursive: true })
  await writeFile(absolute, text)
  await chmod(absolute, mode)
  return absolute
}

describe('findTool', () => {
  it('takes the first executable file on PATH, skipping files that cannot run and folders', async () => {
    await file('a/helm', 0o644)
    await mkdir(path.join(scratch, 'b/helm'), { recursive: true })
    const found = await file('c/helm', 0o755)
    await file('d/helm', 0o755)
    const PATH = ['', 'a', 'b', 'c', 'd']
      .map(d => (d ? path.join(scratch, d) : d))
      .join(path.delimiter)
    expect(await findTool('helm', { PATH })).toBe(found)
  })

  it('finds nothing without PATH', async () => {
    expect(await findTool('helm', {})).toBeUndefined()
  })
})

describe('runTool', () => {
  it('resolves with stdout', async () => {
    const tool = await file('bin/t', 0o755)
    expect(await runTool(tool, ['a', 'b c'], { cwd: scratch, env: {}, label: 't' })).toBe('a b c\n')
  })

  it('a nonzero exit rejects with the tool’s own message, without its noise', async () => {
    const tool = await file(
      'bin/t',
      0o755,
      '#!/bin/sh\necho "Error: template: x.yaml:3:1: boom" >&2\necho >&2\necho "Use --debug flag to render out invalid YAML" >&2\nexit 3\n'
    )
    const error = await runTool(tool, [], { cwd: scratch, env: {}, label: 'helm template' }).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ToolFailedError)
    expect(error).toMatchObject({
      message: 'helm template failed (exit 3): template: x.yaml:3:1: boom',
      exitCode: 3
    })
  })

  it('cleanStderr keeps every line of the message', () => {
    expect(cleanStderr('Error: first\n  second\n\n')).toBe('first\n  second')
  })
})

describe('toolEnvironment', () => {
  const host = {
    PATH: '/usr/bin',
    HOME: '/home/runner',
    INPUT_KUBECONFIG: 'kubeconfig',
    GITHUB_TOKEN: 'ghs_x',
    ACTIONS_RUNTIME_TOKEN: 'rt',
    KUBECONFIG: '/home/runner/.kube/config',
    HELM_PLUGINS: '/home/runner/plugins',
    KUSTOMIZE_PLUGIN_HOME: '/home/runner/kplugins',
    HTTPS_PROXY: 'http://proxy:3128',
    no_proxy: 'localhost'
  }

  it('is built from nothing: PATH from the host, everything else private', () => {
    const env = toolEnvironment(host, '/tmp/sandbox')
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/tmp/sandbox/home',
      TMPDIR: '/tmp/sandbox/tmp',
      XDG_CONFIG_HOME: '/tmp/sandbox/home/.config',
      XDG_CACHE_HOME: '/tmp/sandbox/home/.cache',
      XDG_DATA_HOME: '/tmp/sandbox/home/.local/share',
      HELM_CONFIG_HOME: '/tmp/sandbox/home/helm/config',
      HELM_CACHE_HOME: '/tmp/sandbox/home/helm/cache',
      HELM_DATA_HOME: '/tmp/sandbox/home/helm/data',
      HELM_PLUGINS: '/tmp/sandbox/home/helm/plugins',
      HELM_NO_PLUGINS: '1'
    })
  })

  it('passes the proxy settings only to a tool that may use the network', () => {
    const env = toolEnvironment(host, '/tmp/sandbox', { network: true })
    expect(env.HTTPS_PROXY).toBe('http://proxy:3128')
    expect(env.no_proxy).toBe('localhost')
    expect(env).not.toHaveProperty('GITHUB_TOKEN')
    expect(env).not.toHaveProperty('KUBECONFIG')
  })

  it('takes what a caller hands over on purpose', () => {
    expect(
      toolEnvironment(host, '/tmp/sandbox', { extraEnv: { KUBECONFIG: '/tmp/kc' } }).KUBECONFIG
    ).toBe('/tmp/kc')
  })

  it('is what runTool gives the tool, whatever the host has', async () => {
    const tool = await file('bin/t', 0o755, '#!/bin/sh\n/usr/bin/env\n')
    const output = await runTool(tool, [], { cwd: scratch, env: host, label: 't' })
    const names = output
      .split('\n')
      .filter(Boolean)
      .map(line => line.slice(0, line.indexOf('=')))
      .filter(name => !['PWD', 'SHLVL', '_'].includes(name))
    expect(names.sort()).toEqual(Object.keys(toolEnvironment(host, '/x')).sort())
    for (const name of [
      'INPUT_KUBECONFIG',
      'GITHUB_TOKEN',
      'KUBECONFIG',
      'HELM_PLUGINS'
    ] as const) {
      expect(output).not.toContain(`=${host[name]}\n`)
    }
    expect(output).not.toContain(host.HTTPS_PROXY)
  })
})
