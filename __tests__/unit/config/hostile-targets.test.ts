// What a hostile repository or input may not do to the targets: a release name
// that helm would read as a flag, or a path that leads outside the workspace.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ConfigError } from '../../../src/config/config-file.ts'
import { loadTargets } from '../../../src/config/load-targets.ts'
import { OutsideWorkspaceError } from '../../../src/config/workspace.ts'

let scratch: string
let cwd: string
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'kube-drift-hostile-'))
  cwd = path.join(scratch, 'workspace')
  await write({
    'workspace/charts/web/Chart.yaml': 'name: web\nversion: 0.1.0\n',
    'workspace/charts/--post-renderer=x.sh/Chart.yaml': 'name: x\nversion: 0.1.0\n',
    'workspace/deploy/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
    'outside/secret.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\n',
    'outside/values.yaml': 'x: 1\n'
  })
})
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true })
})

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(scratch, name)), { recursive: true })
    await writeFile(path.join(scratch, name), text)
  }
}

describe('Helm release names are checked when the targets are loaded', () => {
  it('refuses a helm-release input that helm would read as a flag, naming the input', async () => {
    const loading = loadTargets({
      cwd,
      paths: ['charts/web'],
      helmRelease: '--post-renderer=./x.sh',
      helmReleaseSource: 'input "helm-release"'
    })
    await expect(loading).rejects.toThrow(ConfigError)
    await expect(loading).rejects.toThrow(
      'input "helm-release": "--post-renderer=./x.sh" is not a valid Helm release name'
    )
  })

  it('names the --helm-release flag by default', async () => {
    await expect(
      loadTargets({ cwd, paths: ['charts/web'], helmRelease: '--set-file=k=/etc/hostname' })
    ).rejects.toThrow(
      '--helm-release: "--set-file=k=/etc/hostname" is not a valid Helm release name'
    )
  })

  it('refuses a chart folder whose name is not a release name, and says how to set one', async () => {
    const loading = loadTargets({ cwd, paths: ['charts/--post-renderer=x.sh'] })
    await expect(loading).rejects.toThrow(
      `path "charts/--post-renderer=x.sh": the Helm release name defaults to the chart folder's name, "--post-renderer=x.sh", which is not a valid release name`
    )
    await expect(loading).rejects.toThrow('set one with the `helm-release` input')
  })

  it('takes a valid release for such a folder from helm-release', async () => {
    const [target] = await loadTargets({
      cwd,
      paths: ['charts/--post-renderer=x.sh'],
      helmRelease: 'x'
    })
    expect(target?.helm?.release).toBe('x')
  })

  it('refuses helm.release in .kube-drift.yaml with the file, line and key', async () => {
    await write({
      'workspace/.kube-drift.yaml':
        'targets:\n  - path: charts/web\n    helm:\n      release: --post-renderer=./x.sh\n'
    })
    await expect(loadTargets({ cwd })).rejects.toThrow(
      '.kube-drift.yaml:4: targets[0].helm.release: "--post-renderer=./x.sh" is not a valid Helm release name'
    )
  })

  it('refuses a config target whose chart folder name is not a release name', async () => {
    await write({
      'workspace/.kube-drift.yaml': 'targets:\n  - path: charts/--post-renderer=x.sh\n'
    })
    await expect(loadTargets({ cwd })).rejects.toThrow(
      /\.kube-drift\.yaml:2: target "charts\/--post-renderer=x\.sh": the Helm release name defaults to the chart folder's name/
    )
  })
})

describe('confineToCwd: every path stays inside the workspace', () => {
  it.each([
    ['a path outside', { paths: ['../outside'] }, 'path "../outside"'],
    ['an absolute path outside', () => ({ paths: [path.join(scratch, 'outside')] }), 'path'],
    ['a glob reaching outside', { paths: ['../outside/*.yaml'] }, 'path "../outside/*.yaml"'],
    [
      'a glob climbing after a wildcard',
      { paths: ['deploy/*/../../../outside'] },
      'after a wildcard'
    ],
    [
      'a values file outside',
      { paths: ['charts/web'], helmValues: ['../outside/values.yaml'] },
      'helm-values file "../outside/values.yaml"'
    ],
    ['a config file outside', { configPath: '../outside/kd.yaml' }, 'config file'],
    ['an ignore file outside', { ignoreFile: '../outside/values.yaml' }, 'ignore file']
  ])('refuses %s', async (_what, given, message) => {
    const request = typeof given === 'function' ? given() : given
    const loading = loadTargets({ cwd, confineToCwd: true, ...request })
    await expect(loading).rejects.toThrow(OutsideWorkspaceError)
    await expect(loading).rejects.toThrow(message)
    await expect(loading).rejects.toThrow('allow-path-outside-workspace: true')
  })

  it('follows symlinks: a folder of the workspace that links outside is outside', async () => {
    await symlink(path.join(scratch, 'outside'), path.join(cwd, 'linked'))
    await expect(loadTargets({ cwd, confineToCwd: true, paths: ['linked'] })).rejects.toThrow(
      `path "linked" resolves to ${path.join(scratch, 'outside')}, outside the workspace`
    )
  })

  it('refuses paths and values files of .kube-drift.yaml that lead outside', async () => {
    await write({ 'workspace/.kube-drift.yaml': 'targets:\n  - path: ../outside\n' })
    await expect(loadTargets({ cwd, confineToCwd: true })).rejects.toThrow(
      /\.kube-drift\.yaml:2: target "\.\.\/outside": path "\.\.\/outside" resolves to .*, outside the workspace/
    )
    await write({
      'workspace/.kube-drift.yaml':
        'targets:\n  - path: charts/web\n    helm: { values: [../outside/values.yaml] }\n'
    })
    await expect(loadTargets({ cwd, confineToCwd: true })).rejects.toThrow(
      'helm values file "../outside/values.yaml"'
    )
  })

  it('refuses a .kube-drift.yaml found by default that links outside', async () => {
    await write({ 'outside/kd.yaml': 'targets:\n  - path: /etc\n' })
    await symlink(path.join(scratch, 'outside/kd.yaml'), path.join(cwd, '.kube-drift.yaml'))
    await expect(loadTargets({ cwd, confineToCwd: true })).rejects.toThrow(
      'config file ".kube-drift.yaml" resolves to'
    )
  })

  it('accepts paths inside, and marks the targets with the workspace for the renderers', async () => {
    const targets = await loadTargets({ cwd, confineToCwd: true, paths: ['deploy', 'charts/web'] })
    expect(targets.map(t => t.workspace)).toEqual([cwd, cwd])
  })

  it('without confineToCwd (the CLI), a path outside is the user’s choice', async () => {
    const [target] = await loadTargets({ cwd, paths: ['../outside'] })
    expect(target?.paths).toEqual(['../outside'])
    expect(target?.workspace).toBeUndefined()
  })
})

describe('a YAML alias bomb in .kube-drift.yaml', () => {
  it('fails with the file, the line and the alias limit', async () => {
    const bomb = await readFile('__tests__/fixtures/hostile/billion-laughs.yaml', 'utf8')
    await write({
      'workspace/.kube-drift.yaml': `targets: [{path: deploy}]\nx:\n${bomb.replace(/^/gm, '  ')}`
    })
    await expect(loadTargets({ cwd })).rejects.toThrow(
      '.kube-drift.yaml:13: invalid YAML: aliases expand to more than 100000 nodes (alias limit)'
    )
  })
})
