// Hostile repositories through the bundled CLI (and the bundled action's input
// loader), with the real helm, kustomize and git: each injection the issue
// found is tried for real, and each must fail with a clear error while the
// code it tried to run never runs (a marker file never appears) and the
// secrets of the environment never show.
import { spawn, spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { toolsBinDir } from '../../test/cluster/tools.ts'
import { testKubeconfigPath, uniqueNamespace } from './cluster-env.ts'
import { kubectl } from './harness.ts'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const CLI = path.join(ROOT, 'dist', 'cli.js')
const ACTION = path.join(ROOT, 'dist', 'index.js')

/** Canaries in the environment kube-drift runs with, as on a runner. */
const SECRETS = {
  GITHUB_TOKEN: 'ghs_hostileRepoCanary0123456789',
  ACTIONS_RUNTIME_TOKEN: 'actions-runtime-canary-5f1c',
  INPUT_KUBECONFIG: 'apiVersion: v1\nkind: Config\n# kubeconfig-canary-93ab\n'
}

const scratch: string[] = []
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
})

/** A repository in a temporary folder; `files` may make symlinks with `-> target`. */
function repository(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-drift-hostile-repo-'))
  scratch.push(dir)
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name)
    mkdirSync(path.dirname(file), { recursive: true })
    if (content.startsWith('-> ')) symlinkSync(content.slice(3), file)
    else writeFileSync(file, content)
  }
  return dir
}

/** A script of the repository that leaves `marker` behind if it ever runs. */
function markerScript(repo: string, name: string, marker: string): void {
  const file = path.join(repo, name)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, `#!/bin/sh\ntouch "${marker}"\ncat\n`)
  chmodSync(file, 0o755)
}

interface Run {
  code: number | null
  out: string
}

/** `node dist/cli.js check ...` in `repo`, the pinned tools on PATH, canaries in the environment. */
function cli(repo: string, args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(
    process.execPath,
    [CLI, 'check', '--kubeconfig', testKubeconfigPath(), '--context', 'differ', ...args],
    {
      cwd: repo,
      encoding: 'utf8',
      env: {
        PATH: `${toolsBinDir()}${path.delimiter}${process.env.PATH ?? ''}`,
        HOME: process.env.HOME ?? '',
        ...SECRETS,
        ...env
      }
    }
  )
  return { code: result.status, out: `${result.stdout}${result.stderr}` }
}

/** Like cli, without blocking this process (a server of the test must answer meanwhile). */
function cliAsync(repo: string, args: string[]): Promise<Run> {
  const child = spawn(
    process.execPath,
    [CLI, 'check', '--kubeconfig', testKubeconfigPath(), '--context', 'differ', ...args],
    {
      cwd: repo,
      env: {
        PATH: `${toolsBinDir()}${path.delimiter}${process.env.PATH ?? ''}`,
        HOME: process.env.HOME ?? '',
        ...SECRETS
      }
    }
  )
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
  return new Promise(done => child.on('close', code => done({ code, out })))
}

function expectNoSecret(run: Run): void {
  for (const secret of Object.values(SECRETS)) {
    expect(run.out).not.toContain(secret)
    expect(run.out).not.toContain(Buffer.from(secret).toString('base64'))
  }
}

const CHART = 'apiVersion: v2\nname: web\nversion: 0.1.0\n'
const configMap = (name: string, namespace: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata:\n  a: "1"\n`

describe('Helm argument injection', () => {
  it('a release in .kube-drift.yaml that is a --post-renderer flag never runs the script', () => {
    const repo = repository({
      'web/Chart.yaml': CHART,
      'web/templates/cm.yaml': configMap('web', 'default'),
      '.kube-drift.yaml':
        'targets:\n  - path: web\n    helm:\n      release: --post-renderer=./x.sh\n'
    })
    const marker = path.join(repo, 'post-renderer-ran')
    markerScript(repo, 'x.sh', marker)
    const run = cli(repo, [])
    expect(run.code).toBe(1)
    expect(run.out).toContain(
      '.kube-drift.yaml:4: targets[0].helm.release: "--post-renderer=./x.sh" is not a valid Helm release name'
    )
    expect(existsSync(marker)).toBe(false)
  })

  it('--helm-release=--set-file=... never reads the file', () => {
    const repo = repository({
      'web/Chart.yaml': CHART,
      'web/templates/cm.yaml': configMap('web', 'default') + '  file: {{ .Values.k | quote }}\n'
    })
    const run = cli(repo, ['--path', 'web', '--helm-release=--set-file=k=/etc/hostname'])
    expect(run.code).toBe(1)
    expect(run.out).toContain(
      '--helm-release: "--set-file=k=/etc/hostname" is not a valid Helm release name'
    )
    expect(run.out).not.toContain(readFileSync('/etc/hostname', 'utf8').trim())
  })

  it('a chart folder named --post-renderer=x.sh (x.sh on PATH) never runs the script, and says how to name the release', () => {
    const repo = repository({
      '--post-renderer=x.sh/Chart.yaml': CHART,
      '--post-renderer=x.sh/templates/cm.yaml': configMap('web', 'default')
    })
    const marker = path.join(repo, 'post-renderer-ran')
    markerScript(repo, 'bin/x.sh', marker)
    // A workflow that puts the repository's bin/ on PATH, as many do.
    const run = cli(repo, ['--path', './--post-renderer=x.sh'], {
      PATH: `${path.join(repo, 'bin')}${path.delimiter}${toolsBinDir()}${path.delimiter}${process.env.PATH ?? ''}`
    })
    expect(run.code).toBe(1)
    expect(run.out).toContain(
      `the Helm release name defaults to the chart folder's name, "--post-renderer=x.sh", which is not a valid release name`
    )
    expect(run.out).toContain('--helm-release flag')
    expect(existsSync(marker)).toBe(false)
  })

  it('values files named like flags are read as values files, not flags', () => {
    const namespace = uniqueNamespace('hostile-values')
    kubectl(['create', 'namespace', namespace])
    const repo = repository({
      'web/Chart.yaml': CHART,
      'web/templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  mode: {{ .Values.mode | quote }}\n',
      '--post-renderer=x.sh': 'mode: from-the-values-file\n'
    })
    const marker = path.join(repo, 'post-renderer-ran')
    markerScript(repo, 'x.sh', marker)
    const run = cli(repo, [
      '--path',
      'web',
      '--namespace',
      namespace,
      '--helm-values=--post-renderer=x.sh',
      '--output',
      'json'
    ])
    // The ConfigMap is not deployed: Missing, rendered with the values file's mode.
    expect(run.code).toBe(2)
    expect(run.out).toContain('from-the-values-file')
    expect(existsSync(marker)).toBe(false)
  })
})

describe('render tools see no secrets and no file outside the chart', () => {
  it('a chart that reads /proc/self/environ through a symlink is refused before helm runs', () => {
    const repo = repository({
      'web/Chart.yaml': CHART,
      'web/templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: env\ndata:\n  env: {{ .Files.Get "files/x" | quote }}\n',
      'web/files/x': '-> /proc/self/environ'
    })
    const run = cli(repo, ['--path', 'web', '--output', 'markdown'])
    expect(run.code).toBe(1)
    expect(run.out).toMatch(
      /web\/files\/x: symbolic link to \/proc\/self\/environ .*points outside the chart \(web\)/
    )
    expectNoSecret(run)
  })

  it('a kustomize base folder linked to /etc is refused before kustomize runs', () => {
    const repo = repository({
      'overlay/kustomization.yaml': 'resources: [base]\n',
      'overlay/base': '-> /etc'
    })
    const run = cli(repo, ['--path', 'overlay'])
    expect(run.code).toBe(1)
    expect(run.out).toContain(
      'overlay/base: symbolic link to /etc points outside the kustomization (overlay)'
    )
  })

  it('helm renders with a minimal private environment: none of the canaries reach it', () => {
    const namespace = uniqueNamespace('hostile-env')
    kubectl(['create', 'namespace', namespace])
    const repo = repository({
      'web/Chart.yaml': CHART,
      'web/templates/cm.yaml': configMap('web', namespace)
    })
    // helm itself, behind a wrapper that first writes down the environment it was given.
    const seen = path.join(repo, 'helm-env.txt')
    const bin = path.join(repo, 'wrapper-bin')
    mkdirSync(bin)
    writeFileSync(
      path.join(bin, 'helm'),
      `#!/bin/sh\n/usr/bin/env > "${seen}"\nexec "${path.join(toolsBinDir(), 'helm')}" "$@"\n`
    )
    chmodSync(path.join(bin, 'helm'), 0o755)
    const run = cli(repo, ['--path', 'web', '--namespace', namespace], {
      PATH: `${bin}${path.delimiter}${toolsBinDir()}${path.delimiter}${process.env.PATH ?? ''}`,
      KUBECONFIG: testKubeconfigPath(),
      HELM_PLUGINS: path.join(repo, 'plugins'),
      KUSTOMIZE_PLUGIN_HOME: path.join(repo, 'plugins')
    })
    // The real helm rendered the chart: the ConfigMap is compared (Missing in the cluster).
    expect(run.code).toBe(2)
    expect(run.out).toMatch(/ConfigMap.*web/)
    const env = readFileSync(seen, 'utf8')
    const names = env
      .split('\n')
      .filter(Boolean)
      .map(line => line.slice(0, line.indexOf('=')))
    expect(names).not.toEqual(expect.arrayContaining(['GITHUB_TOKEN']))
    for (const name of [
      'GITHUB_TOKEN',
      'ACTIONS_RUNTIME_TOKEN',
      'INPUT_KUBECONFIG',
      'KUBECONFIG',
      'KUSTOMIZE_PLUGIN_HOME'
    ]) {
      expect(names).not.toContain(name)
    }
    for (const secret of Object.values(SECRETS)) expect(env).not.toContain(secret)
    expect(env).not.toContain(testKubeconfigPath())
    expect(env).toMatch(/^HOME=.*kube-drift-tool-/m)
    expect(env).toMatch(/^HELM_NO_PLUGINS=1$/m)
    expect(env).not.toContain(path.join(repo, 'plugins'))
  })
})

describe('kustomize runs nobody’s code and fetches nothing unless allowed', () => {
  const REMOTE =
    'https://github.com/kubernetes-sigs/kustomize//examples/helloWorld/?timeout=5s&ref=v3.3.1'

  /** A `git` first on PATH that leaves a marker: kustomize fetches remote bases with git. */
  function gitSpy(repo: string): { marker: string; env: Record<string, string> } {
    const marker = path.join(repo, 'git-ran')
    markerScript(repo, 'spy-bin/git', marker)
    return {
      marker,
      env: {
        PATH: `${path.join(repo, 'spy-bin')}${path.delimiter}${toolsBinDir()}${path.delimiter}${process.env.PATH ?? ''}`
      }
    }
  }

  it('a remote base is refused with the file and line, and git never runs', () => {
    const repo = repository({
      'overlay/kustomization.yaml': `resources:\n  - cm.yaml\n  - ${REMOTE}\n`,
      'overlay/cm.yaml': configMap('a', 'default')
    })
    const spy = gitSpy(repo)
    const run = cli(repo, ['--path', 'overlay'], spy.env)
    expect(run.code).toBe(1)
    expect(run.out).toContain(
      `overlay/kustomization.yaml:3: resources[1]: "${REMOTE}" is a remote source: kube-drift does not let kustomize fetch remote bases unless`
    )
    expect(run.out).toContain('--allow-remote-bases')
    expect(existsSync(spy.marker)).toBe(false)
  })

  it('with --allow-remote-bases, kustomize is let to fetch (here it runs git, which fails offline)', () => {
    const repo = repository({ 'overlay/kustomization.yaml': `resources:\n  - ${REMOTE}\n` })
    const spy = gitSpy(repo)
    const run = cli(repo, ['--path', 'overlay', '--allow-remote-bases'], spy.env)
    expect(run.code).toBe(1)
    expect(existsSync(spy.marker)).toBe(true)
  })

  it('a HelmChartInflationGenerator in a generators file, with enableHelm, never gets helm a --post-renderer', () => {
    const repo = repository({
      '.kube-drift.yaml':
        'targets:\n  - path: overlay\n    namespace: default\n    kustomize:\n      enableHelm: true\n',
      'overlay/kustomization.yaml': 'generators:\n  - helm.yaml\n',
      'overlay/helm.yaml':
        'apiVersion: builtin\nkind: HelmChartInflationGenerator\nmetadata:\n  name: h\nname: web\nreleaseName: --post-renderer=./x.sh\n',
      'overlay/charts/web/Chart.yaml': CHART,
      'overlay/charts/web/values.yaml': '',
      'overlay/charts/web/templates/cm.yaml': configMap('web', 'default')
    })
    const marker = path.join(repo, 'post-renderer-ran')
    markerScript(repo, 'x.sh', marker)
    const run = cli(repo, [])
    expect(run.code).toBe(1)
    expect(run.out).toContain(
      'overlay/helm.yaml:1: HelmChartInflationGenerator releaseName: "--post-renderer=./x.sh" is not a valid Helm release name'
    )
    expect(existsSync(marker)).toBe(false)
  })

  it('a helmCharts name that climbs out of the chart home to a chart with a link to /proc/self/environ is refused', () => {
    const repo = repository({
      '.kube-drift.yaml':
        'targets:\n  - path: overlay\n    namespace: default\n    kustomize:\n      enableHelm: true\n',
      'overlay/kustomization.yaml':
        'helmCharts:\n  - name: ../../elsewhere\n    releaseName: web\n    valuesFile: v.yaml\n',
      // a values file in the overlay: kustomize then never checks where the chart is.
      'overlay/v.yaml': '',
      'elsewhere/Chart.yaml': CHART,
      'elsewhere/values.yaml': '',
      'elsewhere/templates/cm.yaml':
        configMap('web', 'default') + '  env: {{ .Files.Get "x" | quote }}\n',
      'elsewhere/x': '-> /proc/self/environ'
    })
    const run = cli(repo, [])
    expect(run.code).toBe(1)
    expect(run.out).toContain('elsewhere/x: symbolic link to /proc/self/environ')
    expectNoSecret(run)
  })

  it('a configMapGenerator file that is a URL (a cloud metadata endpoint) is never downloaded', async () => {
    // A stand-in for http://169.254.169.254: counts requests, answers a canary.
    let requests = 0
    const server = createServer((_, response) => {
      requests++
      response.end('metadata-canary-51d0')
    })
    await new Promise<void>(ready => server.listen(0, '127.0.0.1', ready))
    const { port } = server.address() as AddressInfo
    try {
      const repo = repository({
        'overlay/kustomization.yaml': `configMapGenerator:\n  - name: x\n    namespace: default\n    files:\n      - creds=http://127.0.0.1:${port}/latest/meta-data\n`
      })
      const run = await cliAsync(repo, ['--path', 'overlay'])
      expect(run.code).toBe(1)
      expect(run.out).toContain(
        `overlay/kustomization.yaml:5: configMapGenerator[0].files[0]: "creds=http://127.0.0.1:${port}/latest/meta-data" would be downloaded`
      )
      expect(run.out).not.toContain('metadata-canary-51d0')
      expect(requests).toBe(0)
    } finally {
      server.close()
    }
  })

  it('an exec KRM function in transformers never runs: kustomize gets no plugin flags', () => {
    const repo = repository({
      'overlay/kustomization.yaml': 'resources: [cm.yaml]\ntransformers: [fn.yaml]\n',
      'overlay/cm.yaml': configMap('a', 'default'),
      'overlay/fn.yaml':
        'apiVersion: example.com/v1\nkind: Fn\nmetadata:\n  name: fn\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ./fn.sh\n'
    })
    const marker = path.join(repo, 'fn-ran')
    markerScript(repo, 'overlay/fn.sh', marker)
    const run = cli(repo, ['--path', 'overlay'])
    expect(run.code).toBe(1)
    expect(run.out).toMatch(/overlay\/kustomization\.yaml: kustomize build failed/)
    expect(existsSync(marker)).toBe(false)
  })
})

describe('other hostile input', () => {
  it('a YAML alias bomb fails fast with the file, line and the alias limit, in bounded memory', () => {
    const repo = repository({
      'deploy/laughs.yaml': readFileSync(
        path.join(ROOT, '__tests__/fixtures/hostile/billion-laughs.yaml'),
        'utf8'
      )
    })
    // A small heap: expanding the aliases would run out of it; the bound never does.
    const run = cli(repo, ['--path', 'deploy'], { NODE_OPTIONS: '--max-old-space-size=96' })
    expect(run.code).toBe(1)
    expect(run.out).toContain(
      'deploy/laughs.yaml:11: aliases expand to more than 100000 nodes (alias limit)'
    )
  })

  it('objects named . or .. never read or patch another path (the Namespace, the list of all Secrets)', () => {
    const secret = (name: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: "${name}"\n  namespace: kube-system\n`
    const repo = repository({
      'deploy/a.yaml': configMap('".."', 'default'),
      'deploy/b.yaml': secret('.'),
      'deploy/c.yaml': configMap('kube-drift-dot-segments', '".."')
    })
    for (const context of ['differ', 'reader']) {
      const run = cli(repo, ['--path', 'deploy', '--context', context])
      expect(run.code).toBe(1)
      expect(run.out).toContain(
        'ConfigMap default/.. error: the name ".." cannot be used in a request path'
      )
      expect(run.out).toContain('Secret kube-system/. error: the name "." cannot be used')
      expect(run.out).toContain(
        'ConfigMap ../kube-drift-dot-segments error: the namespace ".." cannot be used'
      )
      expect(run.out).not.toMatch(/Namespace|SecretList|ConfigMapList/)
    }
  })

  it('a chart that renders 0 objects is an error, not "in sync (0 resources)"', () => {
    const repo = repository({
      'web/Chart.yaml': CHART,
      'web/templates/cm.yaml':
        '{{- if .Values.enabled }}\n' + configMap('web', 'default') + '{{- end }}\n'
    })
    const run = cli(repo, ['--path', 'web'])
    expect(run.code).toBe(1)
    expect(run.out).toContain('web: the chart rendered no Kubernetes objects')
  })

  it('a kustomization that builds 0 objects is an error', () => {
    const repo = repository({ 'overlay/kustomization.yaml': 'resources: []\n' })
    const run = cli(repo, ['--path', 'overlay'])
    expect(run.code).toBe(1)
    expect(run.out).toContain(
      'overlay/kustomization.yaml: the kustomization built no Kubernetes objects'
    )
  })

  it.each([
    ['""', 'path "" is the whole object'],
    ['"/spec/~2x"', 'path "/spec/~2x" is not a valid JSON Pointer']
  ])('an ignore rule with the pointer %s is refused, naming the rule', (pointer, message) => {
    const repo = repository({
      'deploy/cm.yaml': configMap('a', 'default'),
      '.kube-drift.yaml': `targets:\n  - path: deploy\n    ignore:\n      - kind: ConfigMap\n        paths: [${pointer}]\n`
    })
    const run = cli(repo, [])
    expect(run.code).toBe(1)
    expect(run.out).toContain(`.kube-drift.yaml:3: targets[0].ignore: rule 1: ${message}`)
  })
})

describe('the bundled action’s inputs', () => {
  /** `node dist/index.js` as the runner starts it, in `workspace`. */
  function action(workspace: string, inputs: Record<string, string>): Run {
    const runnerTemp = mkdtempSync(path.join(tmpdir(), 'kube-drift-hostile-runner-'))
    scratch.push(runnerTemp)
    const output = path.join(runnerTemp, 'output')
    writeFileSync(output, '')
    const result = spawnSync(process.execPath, [ACTION], {
      cwd: workspace,
      encoding: 'utf8',
      env: {
        PATH: `${toolsBinDir()}${path.delimiter}${process.env.PATH ?? ''}`,
        HOME: process.env.HOME ?? '',
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'workflow_dispatch',
        GITHUB_WORKSPACE: workspace,
        GITHUB_REPOSITORY: 'octo/hostile',
        GITHUB_OUTPUT: output,
        RUNNER_TEMP: runnerTemp,
        GITHUB_TOKEN: SECRETS.GITHUB_TOKEN,
        ACTIONS_RUNTIME_TOKEN: SECRETS.ACTIONS_RUNTIME_TOKEN,
        INPUT_KUBECONFIG: Buffer.from(readFileSync(testKubeconfigPath(), 'utf8')).toString(
          'base64'
        ),
        INPUT_CONTEXT: 'differ',
        INPUT_MODE: 'detect',
        INPUT_COMMENT: 'never',
        INPUT_ISSUE: 'false',
        ...inputs
      }
    })
    return { code: result.status, out: `${result.stdout}${result.stderr}` }
  }

  it('the helm-release input that is a flag fails the step before helm runs, naming the input', () => {
    const repo = repository({
      'web/Chart.yaml': CHART,
      'web/templates/cm.yaml': configMap('web', 'default')
    })
    const marker = path.join(repo, 'post-renderer-ran')
    markerScript(repo, 'x.sh', marker)
    const run = action(repo, { INPUT_PATH: 'web', 'INPUT_HELM-RELEASE': '--post-renderer=./x.sh' })
    expect(run.code).toBe(1)
    expect(run.out).toContain(
      '::error::kube-drift: input "helm-release": "--post-renderer=./x.sh" is not a valid Helm release name'
    )
    expect(existsSync(marker)).toBe(false)
  })

  it('a path outside the workspace is refused unless allow-path-outside-workspace is true', () => {
    const outside = repository({ 'cm.yaml': configMap('outside', 'default') })
    const workspace = repository({ 'deploy/cm.yaml': configMap('inside', 'default') })
    symlinkSync(outside, path.join(workspace, 'linked'))
    for (const input of [outside, '../' + path.basename(outside), 'linked']) {
      const run = action(workspace, { INPUT_PATH: input, INPUT_MODE: 'list' })
      expect(run.code).toBe(1)
      expect(run.out).toContain(`path "${input}" resolves to ${outside}, outside the workspace`)
      expect(run.out).toContain('allow-path-outside-workspace: true')
    }
    const allowed = action(workspace, {
      INPUT_PATH: 'linked',
      INPUT_MODE: 'list',
      'INPUT_ALLOW-PATH-OUTSIDE-WORKSPACE': 'true'
    })
    expect(allowed.code).toBe(0)
  })
})
