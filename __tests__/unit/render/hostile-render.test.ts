// What a hostile chart or kustomization may not do: reach outside its folder
// through a symlink, fetch remote sources, pass helm a flag, render nothing,
// or see this process's secrets. helm and kustomize are stand-ins here that
// record their arguments (and their environment); the integration tests run
// the real tools.
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Target } from '../../../src/config/target.ts'
import { renderTarget, type ClusterInfo } from '../../../src/render/index.ts'
import { RenderError } from '../../../src/render/render-error.ts'
import { fakeTools, type FakeTools } from './fake-tools.ts'

const CLUSTER: ClusterInfo = { version: 'v1.35.4', apiVersions: ['v1'] }
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n'
/** What `helm template` prints: each document after the template it came from. */
const HELM_CONFIG_MAP = `---\n# Source: web/templates/cm.yaml\n${CONFIG_MAP}`

let scratch: string
let tools: FakeTools
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'kube-drift-hostile-render-'))
  tools = await fakeTools(['helm', 'kustomize'])
})
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true })
  await rm(tools.bin, { recursive: true, force: true })
})

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(scratch, name)), { recursive: true })
    await writeFile(path.join(scratch, name), text)
  }
}

function helmTarget(overrides: Partial<Target> = {}): Target {
  return {
    name: 'web',
    renderer: 'helm',
    paths: ['chart'],
    namespace: 'web',
    ignore: [],
    helm: { release: 'web', values: [], set: [], includeHooks: false },
    ...overrides
  }
}

function kustomizeTarget(overrides: Partial<Target> = {}): Target {
  return {
    name: 'overlay',
    renderer: 'kustomize',
    paths: ['overlay'],
    ignore: [],
    kustomize: { enableHelm: false },
    ...overrides
  }
}

const render = (target: Target) =>
  renderTarget(target, scratch, { cluster: async () => CLUSTER, env: tools.env })

async function ran(tool: string): Promise<boolean> {
  return (await stat(path.join(tools.bin, `${tool}.args`)).catch(() => undefined)) !== undefined
}

async function chart(files: Record<string, string> = {}): Promise<void> {
  await write({ 'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n', ...files })
}

describe('symlinks out of a chart or a kustomization are refused before the tool runs', () => {
  it('a chart file linked to /proc/self/environ', async () => {
    await chart({ 'chart/templates/cm.yaml': '{{ .Files.Get "files/x" }}\n' })
    await mkdir(path.join(scratch, 'chart/files'))
    await symlink('/proc/self/environ', path.join(scratch, 'chart/files/x'))
    await tools.answer('helm', { stdout: HELM_CONFIG_MAP })
    const rendering = render(helmTarget())
    await expect(rendering).rejects.toThrow(RenderError)
    await expect(rendering).rejects.toThrow(
      /^chart\/files\/x: symbolic link to \/proc\/self\/environ \(\/proc\/\d+\/environ\) points outside the chart \(chart\)/
    )
    expect(await ran('helm')).toBe(false)
  })

  it('a relative link that climbs out of the chart, named with where it really leads', async () => {
    await chart()
    await write({ 'secret.txt': 'token' })
    await symlink('../../secret.txt', path.join(scratch, 'chart/templates-link'))
    await expect(render(helmTarget())).rejects.toThrow(
      `chart/templates-link: symbolic link to ../../secret.txt (${path.join(path.dirname(scratch), 'secret.txt')}) points outside the chart`
    )
  })

  it('a dangling link that would lead outside', async () => {
    await chart()
    await symlink('/nonexistent/kube-drift', path.join(scratch, 'chart/x'))
    await expect(render(helmTarget())).rejects.toThrow('chart/x: symbolic link to /nonexistent')
  })

  it('a kustomize base folder linked to /etc', async () => {
    await write({ 'overlay/kustomization.yaml': 'resources: [base]\n' })
    await symlink('/etc', path.join(scratch, 'overlay/base'))
    await tools.answer('kustomize', { stdout: CONFIG_MAP })
    await expect(render(kustomizeTarget())).rejects.toThrow(
      'overlay/base: symbolic link to /etc points outside the kustomization (overlay)'
    )
    expect(await ran('kustomize')).toBe(false)
  })

  it('a link in a base the overlay reaches through ../', async () => {
    await write({
      'overlay/kustomization.yaml': 'resources: [../base]\n',
      'base/kustomization.yaml': 'configMapGenerator: [{name: x, files: [x]}]\n'
    })
    await symlink('/proc/self/environ', path.join(scratch, 'base/x'))
    await expect(render(kustomizeTarget())).rejects.toThrow(
      /^base\/x: symbolic link to \/proc\/self\/environ .* points outside the kustomization \(base\)/
    )
  })

  it('links that stay inside are fine', async () => {
    await chart({ 'chart/files/real.txt': 'x' })
    await symlink('real.txt', path.join(scratch, 'chart/files/alias.txt'))
    await symlink('files', path.join(scratch, 'chart/more'))
    await tools.answer('helm', { stdout: HELM_CONFIG_MAP })
    expect((await render(helmTarget())).objects).toHaveLength(1)
  })

  it('with a workspace, a chart folder that really is outside it is refused', async () => {
    await mkdir(path.join(scratch, 'ws'))
    await chart()
    await symlink(path.join(scratch, 'chart'), path.join(scratch, 'ws/chart'))
    const rendering = renderTarget(
      helmTarget({ workspace: path.join(scratch, 'ws') }),
      path.join(scratch, 'ws'),
      {
        cluster: async () => CLUSTER,
        env: tools.env
      }
    )
    await expect(rendering).rejects.toThrow('the chart is really')
    await expect(rendering).rejects.toThrow('outside the workspace')
  })
})

describe('plain manifests of a confined target stay inside the workspace', () => {
  const plain = (workspace?: string): Target => ({
    name: 'deploy',
    renderer: 'plain',
    paths: ['deploy'],
    ignore: [],
    ...(workspace === undefined ? {} : { workspace })
  })

  it('a manifest linked to a file outside (a kubeconfig is valid YAML) is refused before it is read', async () => {
    await write({
      'ws/deploy/cm.yaml': CONFIG_MAP,
      'outside/config': 'apiVersion: v1\nkind: Config\nusers: []\n'
    })
    const ws = path.join(scratch, 'ws')
    await symlink(path.join(scratch, 'outside/config'), path.join(ws, 'deploy/kubeconfig.yaml'))
    const rendering = renderTarget(plain(ws), ws)
    await expect(rendering).rejects.toThrow(RenderError)
    await expect(rendering).rejects.toThrow(
      `deploy/kubeconfig.yaml: leads (through a symbolic link) to ${path.join(scratch, 'outside/config')}, outside the workspace`
    )
  })

  it('links inside the workspace are fine, and without a workspace (the CLI) links are followed', async () => {
    await write({
      'deploy/cm.yaml': CONFIG_MAP,
      'shared/other.yaml': CONFIG_MAP.replace('settings', 'other')
    })
    await symlink('../shared/other.yaml', path.join(scratch, 'deploy/other.yaml'))
    expect((await renderTarget(plain(scratch), scratch)).objects).toHaveLength(2)
    expect((await renderTarget(plain(), scratch)).objects).toHaveLength(2)
  })
})

describe('helm gets no flag from the repository', () => {
  it('a release name that is a flag is refused before helm runs (a target built without loadTargets)', async () => {
    await chart()
    const rendering = render(
      helmTarget({
        helm: { release: '--post-renderer=./x.sh', values: [], set: [], includeHooks: false }
      })
    )
    await expect(rendering).rejects.toThrow(
      '"--post-renderer=./x.sh" is not a valid Helm release name'
    )
    expect(await ran('helm')).toBe(false)
  })

  it('values files named like flags reach helm joined to --values, and the release and chart after --', async () => {
    await chart({ 'chart/--post-renderer=x.sh': 'a: 1\n' })
    await tools.answer('helm', { stdout: HELM_CONFIG_MAP })
    await render(
      helmTarget({
        helm: {
          release: 'web',
          values: ['chart/--post-renderer=x.sh'],
          set: [],
          includeHooks: false
        }
      })
    )
    const args = await tools.args('helm')
    const end = args.indexOf('--')
    expect(args.slice(end + 1)).toEqual(['web', path.join(scratch, 'chart')])
    expect(args.slice(0, end).every(arg => arg === 'template' || /^--[a-z-]+(=|$)/.test(arg))).toBe(
      true
    )
    expect(args).toContain(`--values=${path.join(scratch, 'chart/--post-renderer=x.sh')}`)
  })
})

describe('kustomize fetches nothing remote unless allowed', () => {
  it.each([
    ['https://github.com/org/repo//base?ref=v1', 'resources'],
    ['github.com/org/repo/base?ref=v1', 'resources'],
    ['git@github.com:org/repo.git//base', 'bases'],
    ['ssh://git@example.com/org/repo.git', 'components'],
    ['git::https://example.com/repo.git', 'resources']
  ])('refuses %s in %s with the file, line and entry', async (entry, field) => {
    await write({
      'overlay/kustomization.yaml': `namePrefix: x-\n${field}:\n  - cm.yaml\n  - ${entry}\n`,
      'overlay/cm.yaml': CONFIG_MAP
    })
    await tools.answer('kustomize', { stdout: CONFIG_MAP })
    const rendering = render(kustomizeTarget())
    await expect(rendering).rejects.toThrow(
      `overlay/kustomization.yaml:4: ${field}[1]: "${entry}" is a remote source: kube-drift does not let kustomize fetch remote bases unless the \`kustomize-remote-bases: true\` input (or --allow-remote-bases) is set`
    )
    expect(await ran('kustomize')).toBe(false)
  })

  it('finds a remote source in a base the overlay includes', async () => {
    await write({
      'overlay/kustomization.yaml': 'resources: [../base]\n',
      'base/kustomization.yaml': 'resources:\n  - https://example.com/x.yaml\n'
    })
    await expect(render(kustomizeTarget())).rejects.toThrow(
      'base/kustomization.yaml:2: resources[0]: "https://example.com/x.yaml" is a remote source'
    )
  })

  it('refuses an entry that does not exist, which kustomize would look for remotely', async () => {
    await write({ 'overlay/kustomization.yaml': 'resources: [nothere]\n' })
    await expect(render(kustomizeTarget())).rejects.toThrow(
      'overlay/kustomization.yaml:1: resources[0]: "nothere" does not exist'
    )
  })

  it('refuses a helmCharts repository, and a helmCharts release name that helm would read as a flag', async () => {
    await write({
      'overlay/kustomization.yaml':
        'helmCharts:\n  - name: web\n    repo: https://charts.example.com\n'
    })
    await expect(render(kustomizeTarget({ kustomize: { enableHelm: true } }))).rejects.toThrow(
      'overlay/kustomization.yaml:3: helmCharts[0].repo: "https://charts.example.com" would be downloaded'
    )
    await write({
      'overlay/kustomization.yaml':
        'helmCharts:\n  - name: web\n    releaseName: --post-renderer=x\n'
    })
    await expect(render(kustomizeTarget({ kustomize: { enableHelm: true } }))).rejects.toThrow(
      'helmCharts[0].releaseName: "--post-renderer=x" is not a valid Helm release name'
    )
  })

  it('walks a helmGlobals.chartHome kept outside the kustomization for symlinks too', async () => {
    await write({
      'overlay/kustomization.yaml':
        'helmGlobals:\n  chartHome: ../charts\nhelmCharts:\n  - name: web\n    releaseName: web\n',
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n'
    })
    await symlink('/proc/self/environ', path.join(scratch, 'charts/web/x'))
    await expect(render(kustomizeTarget({ kustomize: { enableHelm: true } }))).rejects.toThrow(
      /^charts\/web\/x: symbolic link to \/proc\/self\/environ .* points outside the kustomization \(charts\)/
    )
    expect(await ran('kustomize')).toBe(false)
  })

  it('checks a HelmChartInflationGenerator given as a generators file like a helmCharts entry', async () => {
    await write({
      'overlay/kustomization.yaml': 'generators:\n  - helm.yaml\n',
      'overlay/helm.yaml':
        'apiVersion: builtin\nkind: HelmChartInflationGenerator\nmetadata:\n  name: h\nname: web\nreleaseName: --post-renderer=./x.sh\n',
      'overlay/charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n'
    })
    await tools.answer('kustomize', { stdout: CONFIG_MAP })
    await expect(render(kustomizeTarget({ kustomize: { enableHelm: true } }))).rejects.toThrow(
      'overlay/helm.yaml:1: HelmChartInflationGenerator releaseName: "--post-renderer=./x.sh" is not a valid Helm release name'
    )
    await write({
      'overlay/helm.yaml':
        '---\napiVersion: builtin\nkind: HelmChartInflationGenerator\nmetadata:\n  name: h\nname: web\nrepo: oci://example.com/charts\n'
    })
    await expect(render(kustomizeTarget({ kustomize: { enableHelm: true } }))).rejects.toThrow(
      'overlay/helm.yaml:2: HelmChartInflationGenerator repo: "oci://example.com/charts" would be downloaded'
    )
    expect(await ran('kustomize')).toBe(false)
  })

  it.each([
    [
      'a helmCharts entry',
      'overlay/kustomization.yaml',
      'helmCharts:\n  - name: ../../elsewhere\n    releaseName: web\n'
    ],
    [
      'a generators file',
      'overlay/helm.yaml',
      'apiVersion: builtin\nkind: HelmChartInflationGenerator\nmetadata:\n  name: h\nname: ../../elsewhere\nreleaseName: web\n'
    ]
  ])('walks the chart %s names through ../ out of its chart home', async (_, file, text) => {
    await write({
      'overlay/kustomization.yaml': 'generators:\n  - helm.yaml\n',
      [file]: text,
      'elsewhere/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n'
    })
    if (file !== 'overlay/helm.yaml') await write({ 'overlay/helm.yaml': CONFIG_MAP })
    await symlink('/proc/self/environ', path.join(scratch, 'elsewhere/x'))
    await tools.answer('kustomize', { stdout: CONFIG_MAP })
    await expect(render(kustomizeTarget({ kustomize: { enableHelm: true } }))).rejects.toThrow(
      /^elsewhere\/x: symbolic link to \/proc\/self\/environ .* points outside the kustomization \(elsewhere\)/
    )
    expect(await ran('kustomize')).toBe(false)
  })

  it.each([
    [
      'configMapGenerator:\n  - name: x\n    files:\n      - creds=http://169.254.169.254/latest/meta-data/iam\n',
      4,
      'configMapGenerator[0].files[0]'
    ],
    [
      'secretGenerator:\n  - name: x\n    envs: [HTTPS://example.com/env]\n',
      3,
      'secretGenerator[0].envs[0]'
    ],
    [
      'resources: [cm.yaml]\npatches:\n  - path: https://example.com/p.yaml\n',
      3,
      'patches[0].path'
    ],
    [
      'resources: [cm.yaml]\nopenapi:\n  path: https://example.com/schema.json\n',
      3,
      'openapi.path'
    ],
    ['resources: [cm.yaml]\ncrds: [http://example.com/crd.json]\n', 2, 'crds[0]'],
    [
      'resources: [cm.yaml]\nconfigurations: [https://example.com/c.yaml]\n',
      2,
      'configurations[0]'
    ],
    [
      'resources: [cm.yaml]\nreplacements:\n  - path: https://example.com/r.yaml\n',
      3,
      'replacements[0].path'
    ],
    [
      'helmCharts:\n  - name: web\n    valuesFile: https://example.com/v.yaml\n',
      3,
      'helmCharts[0].valuesFile'
    ]
  ])('refuses a file kustomize would download: %s', async (text, line, key) => {
    await write({ 'overlay/kustomization.yaml': text, 'overlay/cm.yaml': CONFIG_MAP })
    await tools.answer('kustomize', { stdout: CONFIG_MAP })
    await expect(render(kustomizeTarget())).rejects.toThrow(
      new RegExp(
        `^overlay/kustomization\\.yaml:${line}: ${key.replace(/[[\].]/g, '\\$&')}: ".*" would be downloaded`
      )
    )
    expect(await ran('kustomize')).toBe(false)
  })

  it('refuses a download in a transformer configuration file too, and lets URLs elsewhere be', async () => {
    await write({
      'overlay/kustomization.yaml':
        'resources: [cm.yaml]\ncommonAnnotations:\n  docs: https://example.com/docs\ntransformers: [patch.yaml]\n',
      'overlay/cm.yaml': CONFIG_MAP,
      'overlay/patch.yaml':
        'apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\npath: http://example.com/p.yaml\n'
    })
    await tools.answer('kustomize', { stdout: CONFIG_MAP })
    await expect(render(kustomizeTarget())).rejects.toThrow(
      'overlay/patch.yaml:1: PatchTransformer path: "http://example.com/p.yaml" would be downloaded'
    )
    await write({
      'overlay/kustomization.yaml':
        'resources: [cm.yaml]\ncommonAnnotations:\n  docs: https://example.com/docs\n'
    })
    await expect(render(kustomizeTarget())).resolves.toMatchObject({ objects: [expect.anything()] })
  })

  it('with allowRemoteBases, builds, and the tool gets the proxy settings (and nothing else of them)', async () => {
    await write({ 'overlay/kustomization.yaml': 'resources:\n  - https://example.com/x.yaml\n' })
    await tools.answer('kustomize', { stdout: CONFIG_MAP })
    const rendered = await renderTarget(
      kustomizeTarget({ kustomize: { enableHelm: false, allowRemoteBases: true } }),
      scratch,
      { cluster: async () => CLUSTER, env: { ...tools.env, HTTPS_PROXY: 'http://proxy:3128' } }
    )
    expect(rendered.objects).toHaveLength(1)
    expect(await ran('kustomize')).toBe(true)
  })

  it('refuses a kustomization it cannot read, as it cannot tell what it fetches', async () => {
    await write({ 'overlay/kustomization.yaml': 'resources: [\n' })
    await expect(render(kustomizeTarget())).rejects.toThrow(/^overlay\/kustomization\.yaml:2: /)
  })
})

describe('rendering nothing is an error, never "in sync (0 resources)"', () => {
  it('a chart that renders no objects', async () => {
    await chart()
    await tools.answer('helm', { stdout: '---\n# Source: web/templates/empty.yaml\n' })
    await expect(render(helmTarget())).rejects.toThrow(
      'chart: the chart rendered no Kubernetes objects'
    )
  })

  it('a chart that renders only hooks, which are left out', async () => {
    await chart()
    await tools.answer('helm', {
      stdout:
        '---\n# Source: web/templates/job.yaml\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    helm.sh/hook: pre-install\n'
    })
    await expect(render(helmTarget())).rejects.toThrow(
      'chart: the chart rendered only 1 Helm hook(s), which are left out'
    )
  })

  it('a kustomization that builds no objects', async () => {
    await write({ 'overlay/kustomization.yaml': 'resources: []\n' })
    await tools.answer('kustomize', { stdout: '' })
    await expect(render(kustomizeTarget())).rejects.toThrow(
      'overlay/kustomization.yaml: the kustomization built no Kubernetes objects'
    )
  })
})

describe('a YAML alias bomb fails with its file and line, before it is expanded', () => {
  const bomb = () => readFile('__tests__/fixtures/hostile/billion-laughs.yaml', 'utf8')

  it('in a plain manifest', async () => {
    await write({ 'deploy/laughs.yaml': await bomb() })
    const rendering = renderTarget(
      { name: 'deploy', renderer: 'plain', paths: ['deploy'], ignore: [] },
      scratch
    )
    await expect(rendering).rejects.toThrow(RenderError)
    await expect(rendering).rejects.toThrow(
      'deploy/laughs.yaml:11: aliases expand to more than 100000 nodes (alias limit)'
    )
  })

  it('in what a chart renders', async () => {
    await chart()
    await tools.answer('helm', { stdout: `---\n# Source: web/templates/cm.yaml\n${await bomb()}` })
    await expect(render(helmTarget())).rejects.toThrow('aliases expand to more than 100000 nodes')
  })

  it('in a kustomization file', async () => {
    await write({ 'overlay/kustomization.yaml': `resources: []\n${await bomb()}` })
    await expect(render(kustomizeTarget())).rejects.toThrow(
      /overlay\/kustomization\.yaml:12: aliases expand to more than 100000 nodes \(alias limit\)/
    )
  })

  it('an alias inside the node it names', async () => {
    await write({ 'deploy/loop.yaml': 'apiVersion: v1\nkind: List\nitems: &a\n  - *a\n' })
    await expect(
      renderTarget({ name: 'deploy', renderer: 'plain', paths: ['deploy'], ignore: [] }, scratch)
    ).rejects.toThrow('deploy/loop.yaml:4: alias *a refers to a node that contains it')
  })

  it('aliases a real manifest uses stay fine', async () => {
    await write({
      'deploy/env.yaml':
        'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: &m\n      name: a\n  - apiVersion: v1\n    kind: Secret\n    metadata:\n      <<: *m\n      namespace: b\n'
    })
    const rendered = await renderTarget(
      { name: 'deploy', renderer: 'plain', paths: ['deploy'], ignore: [] },
      scratch
    )
    expect(rendered.objects.map(o => o.object.metadata)).toEqual([
      { name: 'a' },
      { name: 'a', namespace: 'b' }
    ])
  })
})

describe('render tools see a minimal environment', () => {
  const SECRETS = {
    INPUT_KUBECONFIG: 'apiVersion: v1\nusers: [{user: {token: kd-secret-token}}]',
    'INPUT_GITHUB-TOKEN': 'ghs_inputtoken',
    GITHUB_TOKEN: 'ghs_githubtoken',
    ACTIONS_RUNTIME_TOKEN: 'actions-runtime-token',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-token',
    KUBECONFIG: '/home/runner/.kube/config',
    HELM_PLUGINS: '/home/runner/helm-plugins',
    KUSTOMIZE_PLUGIN_HOME: '/home/runner/kustomize-plugins',
    HTTPS_PROXY: 'http://proxy:3128'
  }

  /** A helm that writes its environment to a file and renders one ConfigMap. */
  async function envProbeHelm(): Promise<string> {
    const out = path.join(scratch, 'helm-env.txt')
    await writeFile(
      path.join(tools.bin, 'helm'),
      // The renderer asks the version first (helm-version.ts); the env of the render is recorded.
      `#!/bin/sh\n[ "$1" = version ] && { printf v3.21.4; exit 0; }\n/usr/bin/env > "${out}"\n[ -d "$HOME" ] && echo "home-exists=yes" >> "${out}"\nprintf -- '---\\n# Source: web/templates/cm.yaml\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: env\\n'\n`
    )
    await chmod(path.join(tools.bin, 'helm'), 0o755)
    return out
  }

  async function environment(file: string): Promise<Map<string, string>> {
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean)
    return new Map(
      lines.map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
    )
  }

  it('a chart rendered from this process’s own environment gets none of its secrets', async () => {
    await chart()
    const out = await envProbeHelm()
    const saved = { ...process.env }
    Object.assign(process.env, SECRETS, {
      PATH: `${tools.bin}${path.delimiter}${process.env.PATH}`
    })
    try {
      // No env given: the renderer starts from process.env, as in the action.
      await renderTarget(helmTarget(), scratch, { cluster: async () => CLUSTER })
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
      Object.assign(process.env, saved)
    }
    const env = await environment(out)
    expect(
      [...env.keys()]
        .filter(k => k !== 'home-exists' && k !== 'PWD' && k !== 'SHLVL' && k !== '_')
        .sort()
    ).toEqual([
      'HELM_CACHE_HOME',
      'HELM_CONFIG_HOME',
      'HELM_DATA_HOME',
      'HELM_NO_PLUGINS',
      'HELM_PLUGINS',
      'HOME',
      'PATH',
      'TMPDIR',
      'XDG_CACHE_HOME',
      'XDG_CONFIG_HOME',
      'XDG_DATA_HOME'
    ])
    const text = await readFile(out, 'utf8')
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret)
    // A private HOME and TMPDIR, there while the tool ran, removed afterwards.
    expect(env.get('home-exists')).toBe('yes')
    const home = env.get('HOME') ?? ''
    expect(home.startsWith(path.join(tmpdir(), 'kube-drift-tool-'))).toBe(true)
    expect(env.get('TMPDIR')?.startsWith(path.dirname(home))).toBe(true)
    expect(env.get('HELM_PLUGINS')?.startsWith(home)).toBe(true)
    expect(await stat(home).catch(() => undefined)).toBeUndefined()
  })
})
