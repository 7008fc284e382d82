import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ConfigError, parseConfig, readConfigFile } from '../../../src/config/config-file.ts'

const FILE = '.kube-drift.yaml'

function failure(text: string): string {
  try {
    parseConfig(text, FILE)
  } catch (error) {
    if (error instanceof Error) return error.message
  }
  throw new Error('expected the config to be refused')
}

describe('parseConfig', () => {
  it('reads every key of a target', () => {
    const config = parseConfig(
      `ignore:
  - managers: [kube-controller-manager]
targets:
  - name: web
    path: charts/web
    renderer: helm
    namespace: shop
    context: prod
    selector: app=web
    ignore:
      - paths: [/spec/replicas]
        kind: Deployment
    helm:
      release: web-prod
      values: [values.yaml, prod.yaml]
      set:
        image.tag: "1.2"
        replicas: 3
        debug: false
      includeHooks: true
  - paths: [overlays/prod, extra.yaml]
  - path: overlays/helm
    kustomize: { enableHelm: true }
`,
      FILE
    )
    expect(config.ignore).toEqual([{ managers: ['kube-controller-manager'] }])
    expect(config.targets).toEqual([
      {
        name: 'web',
        paths: ['charts/web'],
        renderer: 'helm',
        namespace: 'shop',
        context: 'prod',
        selector: 'app=web',
        ignore: [{ paths: ['/spec/replicas'], kind: 'Deployment' }],
        helm: {
          release: 'web-prod',
          values: ['values.yaml', 'prod.yaml'],
          set: ['image.tag=1.2', 'replicas=3', 'debug=false'],
          includeHooks: true
        },
        location: '.kube-drift.yaml:4'
      },
      {
        paths: ['overlays/prod', 'extra.yaml'],
        renderer: 'auto',
        ignore: [],
        location: '.kube-drift.yaml:21'
      },
      {
        paths: ['overlays/helm'],
        renderer: 'auto',
        ignore: [],
        kustomize: { enableHelm: true },
        location: '.kube-drift.yaml:22'
      }
    ])
  })

  it.each([
    ['an empty file', '', '.kube-drift.yaml:1: the file is empty: it needs "targets"'],
    ['no targets', 'ignore: []\n', '.kube-drift.yaml:1: missing key "targets" (a list of targets)'],
    [
      'an empty list',
      'targets: []\n',
      '.kube-drift.yaml:1: targets: must be a non-empty list of targets'
    ],
    [
      'an unknown top-level key',
      'targets:\n  - path: a\ntarget: b\n',
      '.kube-drift.yaml:3: target: unknown key (expected one of targets, ignore, severity)'
    ],
    [
      'an unknown key in a target',
      'targets:\n  - path: a\n  - path: b\n    namespcae: web\n',
      '.kube-drift.yaml:4: targets[1].namespcae: unknown key (expected one of name, path, paths, renderer, namespace, context, selector, ignore, helm, kustomize)'
    ],
    [
      'a target that is not a mapping',
      'targets:\n  - deploy/\n',
      '.kube-drift.yaml:2: targets[0]: must be a mapping'
    ],
    [
      'a target without a path',
      'targets:\n  - name: web\n',
      '.kube-drift.yaml:2: targets[0]: a target needs "path" (or "paths")'
    ],
    [
      'both path and paths',
      'targets:\n  - path: a\n    paths: [b]\n',
      '.kube-drift.yaml:3: targets[0].paths: give "path" or "paths", not both'
    ],
    [
      'a path that is not a string',
      'targets:\n  - path: 3\n',
      '.kube-drift.yaml:2: targets[0].path: must be a non-empty string'
    ],
    [
      'a list item that is not a string',
      'targets:\n  - paths:\n      - a\n      - {b: c}\n',
      '.kube-drift.yaml:4: targets[0].paths[1]: must be a non-empty string'
    ],
    [
      'an unknown renderer',
      'targets:\n  - path: a\n    renderer: jsonnet\n',
      '.kube-drift.yaml:3: targets[0].renderer: unknown renderer "jsonnet" (expected auto, plain, kustomize, helm)'
    ],
    [
      'an unknown helm key',
      'targets:\n  - path: a\n    helm:\n      valuesFiles: [x]\n',
      '.kube-drift.yaml:4: targets[0].helm.valuesFiles: unknown key (expected one of release, values, set, includeHooks, lookup)'
    ],
    [
      'a nested --set value',
      'targets:\n  - path: a\n    helm:\n      set:\n        image: {tag: x}\n',
      '.kube-drift.yaml:5: targets[0].helm.set.image: must be a string, number or boolean (nested values belong in a values file)'
    ],
    [
      'a boolean that is a string',
      'targets:\n  - path: a\n    kustomize:\n      enableHelm: "yes"\n',
      '.kube-drift.yaml:4: targets[0].kustomize.enableHelm: must be true or false'
    ],
    [
      'helm settings on a kustomize target',
      'targets:\n  - path: a\n    renderer: kustomize\n    helm: {release: x}\n',
      '.kube-drift.yaml:4: targets[0].helm: helm settings on a kustomize target'
    ],
    [
      'two targets with one name',
      'targets:\n  - name: web\n    path: a\n  - name: web\n    path: b\n',
      '.kube-drift.yaml:4: targets[1]: target name "web" is used twice (also at line 2): names must be unique'
    ],
    [
      'two unnamed targets on one path',
      'targets:\n  - path: a\n  - path: a\n',
      '.kube-drift.yaml:3: targets[1]: target name "a" is used twice (also at line 2): names must be unique'
    ],
    [
      'ignore that is not a list',
      'targets:\n  - path: a\n    ignore: {paths: [/a]}\n',
      '.kube-drift.yaml:3: targets[0].ignore: must be a list of ignore rules'
    ],
    [
      'a bad ignore rule',
      'targets:\n  - path: a\n    ignore:\n      - paths: [spec/replicas]\n',
      '.kube-drift.yaml:3: targets[0].ignore: rule 1: path "spec/replicas" is not a JSON Pointer (it must start with "/")'
    ]
  ])('refuses %s, naming the line and the key', (_what, text, message) => {
    expect(failure(text)).toBe(message)
  })

  it('reads severity overrides, and names the line and key of a bad one', () => {
    const config = parseConfig(
      'severity:\n  - { kind: Deployment, path: /spec/replicas, severity: high }\n  - { path: "/metadata/labels/*", severity: low }\ntargets:\n  - path: a\n',
      FILE
    )
    expect(config.severity).toEqual([
      { kind: 'Deployment', path: '/spec/replicas', severity: 'high' },
      { path: '/metadata/labels/*', severity: 'low' }
    ])
    expect(failure('severity:\n  - { path: /a, severity: urgent }\ntargets:\n  - path: a\n')).toBe(
      '.kube-drift.yaml:2: severity[0].severity: must be one of critical, high, medium, low'
    )
    expect(failure('severity:\n  - { path: a, severity: low }\ntargets:\n  - path: a\n')).toBe(
      '.kube-drift.yaml:2: severity[0].path: must be a JSON Pointer (it starts with "/")'
    )
  })

  it('names the line of a YAML syntax error', () => {
    expect(failure('targets:\n  - path: a\n    name: [unclosed\n')).toMatch(
      /^\.kube-drift\.yaml:\d: invalid YAML: /
    )
    expect(failure('targets:\n  - path: a\n  - path: b\n   name: x\n')).toMatch(
      /^\.kube-drift\.yaml:4: invalid YAML: /
    )
  })

  it('refuses several documents', () => {
    expect(failure('targets: [{path: a}]\n---\ntargets: [{path: b}]\n')).toBe(
      '.kube-drift.yaml: invalid YAML: expected one YAML document, found several'
    )
  })

  it('errors are ConfigErrors', () => {
    expect(() => parseConfig('targets: 3\n', FILE)).toThrow(ConfigError)
  })
})

describe('readConfigFile', () => {
  let scratch: string
  beforeEach(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'kube-drift-config-'))
  })
  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true })
  })

  it('makes the file’s paths relative to the working directory', async () => {
    await mkdir(path.join(scratch, 'ops'))
    await writeFile(
      path.join(scratch, 'ops', 'kube-drift.yaml'),
      `targets:\n  - paths: [../deploy, "manifests/*.yaml", ${path.join(scratch, 'abs')}]\n  - path: ../charts/web\n    helm:\n      values: [prod.yaml]\n`
    )
    const config = await readConfigFile('ops/kube-drift.yaml', scratch)
    expect(config.file).toBe('ops/kube-drift.yaml')
    expect(config.targets[0]?.paths).toEqual([
      'deploy',
      'ops/manifests/*.yaml',
      path.join(scratch, 'abs')
    ])
    expect(config.targets[1]?.helm?.values).toEqual(['ops/prod.yaml'])
    expect(config.targets[1]?.location).toBe('ops/kube-drift.yaml:3')
  })

  it('a missing file is a clear error', async () => {
    await expect(readConfigFile('nope.yaml', scratch)).rejects.toThrow(
      'nope.yaml: config file not found'
    )
  })
})
