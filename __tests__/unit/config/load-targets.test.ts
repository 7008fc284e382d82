import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadTargets } from '../../../src/config/load-targets.ts'

let cwd: string
beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'kube-drift-targets-'))
  await write({
    'deploy/api.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
    'more/b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n',
    'overlays/prod/kustomization.yaml': 'resources: []\n',
    'charts/web/Chart.yaml': 'name: web\nversion: 0.1.0\n',
    'charts/db/Chart.yaml': 'name: db\nversion: 0.1.0\n',
    'ignore.yaml': '- managers: [hpa]\n'
  })
})
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true })
})

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(cwd, name)), { recursive: true })
    await writeFile(path.join(cwd, name), text)
  }
}

describe('loadTargets from paths', () => {
  it('keeps plain paths together as one target, as before', async () => {
    expect(await loadTargets({ cwd, paths: ['deploy', 'more'], namespace: 'web' })).toEqual([
      {
        name: 'deploy, more',
        renderer: 'plain',
        paths: ['deploy', 'more'],
        namespace: 'web',
        ignore: []
      }
    ])
  })

  it('makes each kustomization and chart a target of its own, detected', async () => {
    const targets = await loadTargets({
      cwd,
      paths: ['deploy', 'overlays/prod', 'charts/web'],
      namespace: 'shop',
      ignoreFile: 'ignore.yaml'
    })
    expect(targets).toEqual([
      {
        name: 'deploy',
        renderer: 'plain',
        paths: ['deploy'],
        namespace: 'shop',
        ignore: [{ managers: ['hpa'] }]
      },
      {
        name: 'overlays/prod',
        renderer: 'kustomize',
        paths: ['overlays/prod'],
        namespace: 'shop',
        ignore: [{ managers: ['hpa'] }],
        kustomize: { enableHelm: false, allowRemoteBases: false }
      },
      {
        name: 'charts/web',
        renderer: 'helm',
        paths: ['charts/web'],
        namespace: 'shop',
        ignore: [{ managers: ['hpa'] }],
        // the chart folder's name is the release, as in `helm install web charts/web`
        helm: { release: 'web', values: [], set: [], includeHooks: false },
        tracking: {
          selector: 'app.kubernetes.io/managed-by=Helm',
          annotations: { 'meta.helm.sh/release-name': 'web' },
          namespaceAnnotation: 'meta.helm.sh/release-namespace'
        }
      }
    ])
  })

  it('gives the helm release and values to the chart, and tracks its release', async () => {
    const [target] = await loadTargets({
      cwd,
      paths: ['charts/web'],
      helmRelease: 'web-prod',
      helmValues: ['prod.yaml', 'eu.yaml']
    })
    expect(target?.helm).toEqual({
      release: 'web-prod',
      values: ['prod.yaml', 'eu.yaml'],
      set: [],
      includeHooks: false
    })
    expect(target?.tracking).toEqual({
      selector: 'app.kubernetes.io/managed-by=Helm',
      annotations: { 'meta.helm.sh/release-name': 'web-prod' },
      namespaceAnnotation: 'meta.helm.sh/release-namespace'
    })
  })

  it('an explicit selector is kept beside helm’s tracking (it decides alone, and allows prune)', async () => {
    const [target] = await loadTargets({ cwd, paths: ['charts/web'], selector: 'team=a' })
    expect(target?.selector).toBe('team=a')
    expect(target?.tracking?.selector).toBe('app.kubernetes.io/managed-by=Helm')
  })

  it('refuses helm settings without exactly one chart', async () => {
    await expect(loadTargets({ cwd, paths: ['deploy'], helmRelease: 'x' })).rejects.toThrow(
      'helm-release and helm-values need a path that is a Helm chart (a folder with Chart.yaml)'
    )
    await expect(
      loadTargets({ cwd, paths: ['charts/web', 'charts/db'], helmValues: ['v.yaml'] })
    ).rejects.toThrow('helm-release and helm-values apply to one chart, and 2 paths are charts')
  })

  it('an explicit renderer skips detection', async () => {
    const targets = await loadTargets({ cwd, paths: ['charts/web', 'deploy'], renderer: 'plain' })
    expect(targets.map(t => [t.name, t.renderer])).toEqual([['charts/web, deploy', 'plain']])
  })

  it('refuses an unknown renderer', async () => {
    await expect(loadTargets({ cwd, paths: ['deploy'], renderer: 'jsonnet' })).rejects.toThrow(
      'unknown renderer "jsonnet" (expected auto, plain, kustomize, helm)'
    )
  })

  it('renders . without paths or a config, and refuses a target name without a config', async () => {
    expect((await loadTargets({ cwd })).map(t => t.paths)).toEqual([['.']])
    await expect(loadTargets({ cwd, target: 'web' })).rejects.toThrow(
      'a target name ("web") needs a config file'
    )
  })
})

describe('loadTargets from a config file', () => {
  const config = `ignore:
  - managers: [hpa]
targets:
  - name: api
    path: deploy
    context: staging
  - name: prod
    path: overlays/prod
    ignore: [{ paths: [/data] }]
  - name: web
    path: charts/web
    namespace: shop
    helm:
      values: [prod.yaml]
      set: { replicas: 2 }
`

  beforeEach(async () => {
    await write({ 'kube-drift.yaml': config })
  })

  it('detects renderers and fills in defaults; ignore rules: the request’s, the file’s, the target’s', async () => {
    const targets = await loadTargets({
      cwd,
      configPath: 'kube-drift.yaml',
      ignore: { text: '- managers: [x]\n', origin: 'input "ignore"' },
      context: 'default-context'
    })
    expect(targets).toEqual([
      {
        name: 'api',
        renderer: 'plain',
        paths: ['deploy'],
        ignore: [{ managers: ['x'] }, { managers: ['hpa'] }],
        context: 'staging'
      },
      {
        name: 'prod',
        renderer: 'kustomize',
        paths: ['overlays/prod'],
        ignore: [{ managers: ['x'] }, { managers: ['hpa'] }, { paths: ['/data'] }],
        context: 'default-context',
        kustomize: { enableHelm: false, allowRemoteBases: false }
      },
      {
        name: 'web',
        renderer: 'helm',
        paths: ['charts/web'],
        namespace: 'shop',
        ignore: [{ managers: ['x'] }, { managers: ['hpa'] }],
        context: 'default-context',
        helm: { release: 'web', values: ['prod.yaml'], set: ['replicas=2'], includeHooks: false },
        tracking: {
          selector: 'app.kubernetes.io/managed-by=Helm',
          annotations: { 'meta.helm.sh/release-name': 'web' },
          namespaceAnnotation: 'meta.helm.sh/release-namespace'
        }
      }
    ])
  })

  it('picks one target by name, and names the others when the name is unknown', async () => {
    const targets = await loadTargets({ cwd, configPath: 'kube-drift.yaml', target: 'prod' })
    expect(targets.map(t => t.name)).toEqual(['prod'])
    await expect(
      loadTargets({ cwd, configPath: 'kube-drift.yaml', target: 'nope' })
    ).rejects.toThrow('kube-drift.yaml: no target named "nope" (targets: "api", "prod", "web")')
  })

  it('reads ./.kube-drift.yaml when neither paths nor a config are given', async () => {
    await write({ '.kube-drift.yaml': config })
    expect((await loadTargets({ cwd })).map(t => t.name)).toEqual(['api', 'prod', 'web'])
  })

  it.each([
    [{ paths: ['deploy'] }, 'path'],
    [{ renderer: 'helm' }, 'renderer'],
    [{ namespace: 'x' }, 'namespace'],
    [{ selector: 'a=b' }, 'selector'],
    [{ helmRelease: 'r', helmValues: ['v.yaml'] }, 'helm-release, helm-values']
  ])('refuses target settings beside the config (%o)', async (request, names) => {
    await expect(loadTargets({ cwd, configPath: 'kube-drift.yaml', ...request })).rejects.toThrow(
      `${names} cannot be combined with the config file kube-drift.yaml: set them on its targets`
    )
  })

  it('refuses settings for another renderer than the path has', async () => {
    await write({
      'bad.yaml': 'targets:\n  - path: overlays/prod\n    helm: { release: x }\n'
    })
    await expect(loadTargets({ cwd, configPath: 'bad.yaml' })).rejects.toThrow(
      'bad.yaml:2: target "overlays/prod": has helm settings, but overlays/prod is kustomize'
    )
  })

  it('refuses a kustomization or chart mixed into a plain target, and several paths for one chart', async () => {
    await write({
      'mixed.yaml': 'targets:\n  - paths: [deploy, charts/web]\n',
      'two.yaml': 'targets:\n  - paths: [charts/web, charts/db]\n    renderer: helm\n'
    })
    await expect(loadTargets({ cwd, configPath: 'mixed.yaml' })).rejects.toThrow(
      'mixed.yaml:2: target "deploy, charts/web": charts/web is a helm folder, which must be a target of its own'
    )
    await expect(loadTargets({ cwd, configPath: 'two.yaml' })).rejects.toThrow(
      'two.yaml:2: target "charts/web, charts/db": a helm target takes exactly one path (got 2)'
    )
  })
})
