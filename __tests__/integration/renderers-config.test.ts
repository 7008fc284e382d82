// Several targets in one .kube-drift.yaml (plain YAML, a kustomize overlay, a
// Helm chart), through the command line as a user runs it: one report with a
// section per target, and `kube-drift targets --json` listing them.
import { jest } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runCli } from '../../src/cli/run.ts'
import { toMarkdown } from '../../src/report/markdown.ts'
import type { DriftReport } from '../../src/types.ts'
import { testKubeconfigPath, uniqueNamespace } from './cluster-env.ts'
import { kubectl, manifestDir } from './harness.ts'
import {
  REPO,
  SHOP_CHART,
  SHOP_VALUES,
  applyKustomization,
  installShop,
  shopInstance,
  usePinnedTools
} from './renderers-harness.ts'

usePinnedTools()

interface Setup {
  config: string
  plainNamespace: string
  kustomizeNamespace: string
  helmNamespace: string
}

/** Deploys the three targets and writes a config naming them, paths relative to the config. */
function deployThree(): Setup {
  const plainNamespace = uniqueNamespace('rc-plain')
  kubectl(['create', 'namespace', plainNamespace])
  const plainDir = manifestDir({
    'settings.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: ${plainNamespace}\ndata:\n  MODE: plain\n`
  })
  kubectl(['apply', '-f', plainDir])
  const overlay = shopInstance('rc-kustomize')
  applyKustomization(overlay.namespace, overlay.dir)
  const { namespace: helmNamespace } = installShop('rc-helm')

  const configDir = mkdtempSync(path.join(tmpdir(), 'kube-drift-config-'))
  const relative = (target: string) => path.relative(configDir, target)
  const config = path.join(configDir, '.kube-drift.yaml')
  writeFileSync(
    config,
    `# Three ways the same team deploys.
targets:
  - name: plain-app
    path: ${relative(plainDir)}
  - name: shop-overlay
    path: ${relative(overlay.dir)}
    selector: ${overlay.selector}
  - name: shop-chart
    path: ${relative(path.join(REPO, SHOP_CHART))}
    namespace: ${helmNamespace}
    helm:
      release: shop
      values: [${relative(path.join(REPO, SHOP_VALUES))}]
`
  )
  return { config, plainNamespace, kustomizeNamespace: overlay.namespace, helmNamespace }
}

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

describe('a .kube-drift.yaml with three targets', () => {
  let setup: Setup
  beforeAll(() => {
    setup = deployThree()
  })

  const checkArgs = () => [
    'check',
    '--config',
    setup.config,
    '--kubeconfig',
    testKubeconfigPath(),
    '--context',
    'differ',
    '--quiet'
  ]

  it('gives one report with a section per target, the JSON naming each', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'kube-drift-report-')), 'report.json')
    const { code } = await cli([...checkArgs(), '--output', 'json', '--out', out])
    const report = JSON.parse(readFileSync(out, 'utf8')) as DriftReport
    expect(report.targets.map(t => [t.name, t.renderer])).toEqual([
      ['plain-app', 'plain'],
      ['shop-overlay', 'kustomize'],
      ['shop-chart', 'helm']
    ])
    expect(report.targets.map(t => t.resources.length)).toEqual([1, 5, 7])
    expect(report.summary).toMatchObject({ resources: 13, inSync: 13 })
    expect(code).toBe(0)
    const markdown = toMarkdown(report)
    for (const name of ['plain-app', 'shop-overlay', 'shop-chart']) {
      expect(markdown).toMatch(new RegExp(`^#### .* ${name}: `, 'm'))
    }
  })

  it('reports drift in the target it is in, and --target checks one target', async () => {
    kubectl(['-n', setup.kustomizeNamespace, 'scale', 'deployment/prod-api', '--replicas=4'])
    try {
      const all = await cli([...checkArgs(), '--output', 'json'])
      const report = JSON.parse(all.stdout) as DriftReport
      expect(all.code).toBe(2)
      expect(
        report.targets.map(t => t.resources.filter(r => r.status !== 'InSync').length)
      ).toEqual([0, 1, 0])
      const one = await cli([...checkArgs(), '--target', 'shop-chart', '--output', 'json'])
      expect(one.code).toBe(0)
      expect((JSON.parse(one.stdout) as DriftReport).targets.map(t => t.name)).toEqual([
        'shop-chart'
      ])
    } finally {
      kubectl(['-n', setup.kustomizeNamespace, 'scale', 'deployment/prod-api', '--replicas=3'])
    }
  })

  it('kube-drift targets lists them one per line', async () => {
    const { code, stdout } = await cli(['targets', '--config', setup.config])
    expect(code).toBe(0)
    const lines = stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^plain-app: plain /)
    expect(lines[1]).toMatch(/^shop-overlay: kustomize /)
    expect(lines[2]).toMatch(
      new RegExp(
        `^shop-chart: helm .*charts/shop \\(namespace ${setup.helmNamespace}, release shop, values .*values-prod\\.yaml\\)$`
      )
    )
  })

  it('kube-drift targets --json lists them with what was detected and defaulted', async () => {
    const { code, stdout } = await cli(['targets', '--config', setup.config, '--json'])
    expect(code).toBe(0)
    const targets = JSON.parse(stdout)
    expect(targets).toHaveLength(3)
    expect(targets[0]).toMatchObject({ name: 'plain-app', renderer: 'plain' })
    expect(targets[1]).toMatchObject({
      name: 'shop-overlay',
      renderer: 'kustomize',
      kustomize: { enableHelm: false }
    })
    expect(targets[2]).toMatchObject({
      name: 'shop-chart',
      renderer: 'helm',
      namespace: setup.helmNamespace,
      helm: { release: 'shop', includeHooks: false },
      tracking: {
        selector: 'app.kubernetes.io/managed-by=Helm',
        annotations: { 'meta.helm.sh/release-name': 'shop' },
        namespaceAnnotation: 'meta.helm.sh/release-namespace'
      }
    })
    expect(targets[2].helm.values[0]).toMatch(/charts\/shop\/values-prod\.yaml$/)
  })
})
