import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Target } from '../../../src/config/target.ts'
import { helmErrorLocation } from '../../../src/render/helm-errors.ts'
import { parseHelmOutput, sourcePaths, type ChartFile } from '../../../src/render/helm-output.ts'
import { helmTemplateArgs } from '../../../src/render/helm.ts'
import { renderTarget, type ClusterInfo } from '../../../src/render/index.ts'
import { RenderError } from '../../../src/render/render-error.ts'
import { fakeTools, type FakeTools } from './fake-tools.ts'

const CLUSTER: ClusterInfo = {
  version: 'v1.35.4',
  apiVersions: ['apps/v1', 'apps/v1/Deployment', 'v1']
}

describe('helmTemplateArgs', () => {
  it('renders as helm install would: namespace, CRDs, values in order, --set, the cluster version and APIs', () => {
    expect(
      helmTemplateArgs({
        release: 'web',
        chart: '/repo/charts/web',
        namespace: 'shop',
        values: ['/repo/values.yaml', '/repo/prod.yaml'],
        set: ['image.tag=1.2', 'replicas=3'],
        cluster: CLUSTER
      })
    ).toEqual([
      'template',
      '--namespace=shop',
      '--include-crds',
      '--values=/repo/values.yaml',
      '--values=/repo/prod.yaml',
      '--set=image.tag=1.2',
      '--set=replicas=3',
      '--kube-version=v1.35.4',
      '--api-versions=apps/v1',
      '--api-versions=apps/v1/Deployment',
      '--api-versions=v1',
      '--',
      'web',
      '/repo/charts/web'
    ])
  })

  it('ends the options with `--`, so a release or chart path from the repository is never read as a flag', () => {
    const args = helmTemplateArgs({
      release: '--post-renderer=./x.sh',
      chart: '--set-file=k=/etc/hostname',
      namespace: '--dry-run=server',
      values: ['--post-renderer=y'],
      set: [],
      cluster: { version: 'unknown', apiVersions: [] }
    })
    const end = args.indexOf('--')
    expect(args.slice(end + 1)).toEqual(['--post-renderer=./x.sh', '--set-file=k=/etc/hostname'])
    // Before `--`, every value is joined to its own flag.
    expect(args.slice(0, end)).toEqual([
      'template',
      '--namespace=--dry-run=server',
      '--include-crds',
      '--values=--post-renderer=y'
    ])
  })

  it('leaves a version helm cannot parse to helm', () => {
    const args = helmTemplateArgs({
      release: 'web',
      chart: 'c',
      namespace: 'n',
      values: [],
      set: [],
      cluster: { version: 'unknown', apiVersions: [] }
    })
    expect(args.some(arg => arg.startsWith('--kube-version'))).toBe(false)
  })
})

const OUTPUT = `---
# Source: web/crds/widget.yaml
# a comment in the CRD file
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com

---
# Source: web/templates/both.yaml
apiVersion: v1
kind: Service
metadata:
  name: api
---
# Source: web/charts/db/templates/db.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: db
---
# Source: web/templates/both.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
---
# Source: web/templates/hook.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
`

const BOTH_TEMPLATE = `{{- /* two documents, the Service written second */}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
`

function locate(template: string): ChartFile {
  const files: Record<string, ChartFile> = {
    'web/crds/widget.yaml': { file: 'charts/web/crds/widget.yaml', verbatim: true },
    'web/templates/both.yaml': {
      file: 'charts/web/templates/both.yaml',
      text: BOTH_TEMPLATE,
      verbatim: false
    },
    'web/charts/db/templates/db.yaml': { file: 'charts/web/Chart.yaml', verbatim: false },
    'web/templates/hook.yaml': { file: 'charts/web/templates/hook.yaml', verbatim: false }
  }
  const found = files[template]
  if (!found) throw new Error(`unexpected ${template}`)
  return found
}

describe('parseHelmOutput', () => {
  it('lists each # Source once, in order', () => {
    expect(sourcePaths(OUTPUT)).toEqual([
      'web/crds/widget.yaml',
      'web/templates/both.yaml',
      'web/charts/db/templates/db.yaml',
      'web/templates/hook.yaml'
    ])
  })

  it('points every object at its chart file: CRD lines are the file’s own, template lines found by kind', () => {
    const { objects } = parseHelmOutput(OUTPUT, locate)
    expect(
      objects.map(o => `${o.object.kind} ${o.source.file}:${o.source.line} ${o.source.template}`)
    ).toEqual([
      // the CRD file is copied verbatim: line 2 after its comment
      'CustomResourceDefinition charts/web/crds/widget.yaml:2 web/crds/widget.yaml',
      // helm sorts by kind: the Service comes first but is the template's second document
      'Service charts/web/templates/both.yaml:7 web/templates/both.yaml',
      // a subchart packed as an archive has no file: the chart, line 1
      'ConfigMap charts/web/Chart.yaml:1 web/charts/db/templates/db.yaml',
      'Deployment charts/web/templates/both.yaml:2 web/templates/both.yaml'
    ])
  })

  it('sets hooks apart', () => {
    const { objects, hooks } = parseHelmOutput(OUTPUT, locate)
    expect(hooks.map(h => `${h.object.kind} ${h.object.metadata.name}`)).toEqual(['Job migrate'])
    expect(objects.some(o => o.object.kind === 'Job')).toBe(false)
  })

  it('places objects a range writes from one document at that document', () => {
    const output = ['a', 'b', 'c']
      .map(
        name =>
          `---\n# Source: web/templates/many.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`
      )
      .join('')
    const text = `{{- range .Values.names }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ . }}\n{{- end }}\n`
    const { objects } = parseHelmOutput(output, () => ({
      file: 'many.yaml',
      text,
      verbatim: false
    }))
    expect(objects.map(o => o.source.line)).toEqual([3, 3, 3])
  })
})

describe('helmErrorLocation', () => {
  it.each([
    [
      'template: web/templates/cm.yaml:6:15: executing "web/templates/cm.yaml" at <.Values.a.b>: nil pointer',
      { template: 'web/templates/cm.yaml', line: 6 }
    ],
    [
      'execution error at (web/templates/cm.yaml:6:8): a is required',
      { template: 'web/templates/cm.yaml', line: 6 }
    ],
    [
      'parse error at (web/charts/db/templates/_helpers.tpl:12): function "nofunc" not defined',
      { template: 'web/charts/db/templates/_helpers.tpl', line: 12 }
    ],
    [
      'YAML parse error on web/templates/cm.yaml: error converting YAML to JSON: yaml: line 7: did not find expected key',
      { template: 'web/templates/cm.yaml' }
    ]
  ])('finds the template in %s', (message, expected) => {
    expect(helmErrorLocation(message)).toEqual(expected)
  })

  it('finds nothing in a message without a template', () => {
    expect(helmErrorLocation('open nothere.yaml: no such file or directory')).toBeUndefined()
  })
})

describe('renderTarget with helm', () => {
  let scratch: string
  let tools: FakeTools
  beforeEach(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'kube-drift-helm-'))
    await mkdir(path.join(scratch, 'charts/web/templates'), { recursive: true })
    await writeFile(path.join(scratch, 'charts/web/Chart.yaml'), 'name: web\nversion: 0.1.0\n')
    await writeFile(path.join(scratch, 'charts/web/templates/cm.yaml'), 'kind: ConfigMap\n')
    await writeFile(path.join(scratch, 'prod.yaml'), 'a: 1\n')
    tools = await fakeTools(['helm'])
    await tools.answer('helm', {
      stdout:
        '---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hook\n  annotations:\n    helm.sh/hook: post-install\n'
    })
  })
  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true })
    await rm(tools.bin, { recursive: true, force: true })
  })

  function target(overrides: Partial<Target> = {}): Target {
    return {
      name: 'web',
      renderer: 'helm',
      paths: ['charts/web'],
      namespace: 'shop',
      ignore: [],
      helm: { release: 'web-prod', values: ['prod.yaml'], set: ['a=2'], includeHooks: false },
      ...overrides
    }
  }

  const context = (info: ClusterInfo = CLUSTER) => ({
    cluster: async () => info,
    env: tools.env
  })

  it('runs helm template with the target’s release, namespace, values and the cluster’s versions', async () => {
    const rendered = await renderTarget(target(), scratch, context())
    expect(await tools.args('helm')).toEqual(
      helmTemplateArgs({
        release: 'web-prod',
        chart: path.join(scratch, 'charts/web'),
        namespace: 'shop',
        values: [path.join(scratch, 'prod.yaml')],
        set: ['a=2'],
        cluster: CLUSTER
      })
    )
    expect(rendered.objects.map(o => o.object.metadata.name)).toEqual(['settings'])
    expect(rendered.objects[0]?.source).toEqual({
      file: 'charts/web/templates/cm.yaml',
      line: 1,
      template: 'web/templates/cm.yaml'
    })
    expect(rendered.notes).toEqual([
      'Left out 1 Helm hook(s) (helm.sh/hook): helm does not keep them in the release. ConfigMap hook (post-install)'
    ])
  })

  it('compares hooks too when the target asks', async () => {
    const rendered = await renderTarget(
      target({ helm: { release: 'web', values: [], set: [], includeHooks: true } }),
      scratch,
      context()
    )
    expect(rendered.objects.map(o => o.object.metadata.name)).toEqual(['settings', 'hook'])
    expect(rendered.notes).toEqual([])
  })

  it('renders into the context’s namespace when the target names none, and the chart folder is the default release', async () => {
    await renderTarget(
      target({ namespace: undefined, helm: undefined }),
      scratch,
      context({ ...CLUSTER, defaultNamespace: 'team' })
    )
    const args = await tools.args('helm')
    expect(args[1]).toBe('--namespace=team')
    expect(args.slice(-3)).toEqual(['--', 'web', path.join(scratch, 'charts/web')])
  })

  it('a missing values file fails before helm runs, naming the file and the target', async () => {
    const error = renderTarget(
      target({ helm: { release: 'web', values: ['missing.yaml'], set: [], includeHooks: false } }),
      scratch,
      context()
    )
    await expect(error).rejects.toThrow(RenderError)
    await expect(error).rejects.toThrow('missing.yaml: values file of target "web" not found')
  })

  it('a folder without Chart.yaml is not a chart', async () => {
    await mkdir(path.join(scratch, 'plain'))
    await expect(renderTarget(target({ paths: ['plain'] }), scratch, context())).rejects.toThrow(
      'plain: not a Helm chart: no Chart.yaml'
    )
  })

  it('takes exactly one chart', async () => {
    await expect(
      renderTarget(target({ paths: ['charts/web', 'charts/web'] }), scratch, context())
    ).rejects.toThrow('a helm target takes exactly one chart directory (got 2)')
  })

  it('a template error names the chart file and line, with helm’s message', async () => {
    await tools.answer('helm', {
      stderr:
        'Error: template: web/templates/cm.yaml:6:15: executing "web/templates/cm.yaml" at <.Values.a.b>: nil pointer evaluating interface {}.b\n\nUse --debug flag to render out invalid YAML\n',
      code: 1
    })
    const error = await renderTarget(target(), scratch, context()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RenderError)
    expect(error).toMatchObject({ file: 'charts/web/templates/cm.yaml', line: 6 })
    expect((error as Error).message).toBe(
      'charts/web/templates/cm.yaml:6: helm template failed: template: web/templates/cm.yaml:6:15: executing "web/templates/cm.yaml" at <.Values.a.b>: nil pointer evaluating interface {}.b'
    )
  })

  it('a missing dependency says kube-drift does not download it', async () => {
    await tools.answer('helm', {
      stderr:
        'Error: An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: db\n',
      code: 1
    })
    await expect(renderTarget(target(), scratch, context())).rejects.toThrow(
      /^charts\/web\/Chart\.yaml: helm template failed: .*missing in charts\/ directory: db\. kube-drift renders offline and never downloads dependencies/
    )
  })

  it('helm missing from PATH says how to install it, before asking the cluster', async () => {
    let asked = false
    const cluster = async () => {
      asked = true
      return CLUSTER
    }
    await expect(
      renderTarget(target(), scratch, { cluster, env: { PATH: scratch } })
    ).rejects.toThrow(
      /^helm is not installed \(not found on PATH\), and target "web" \(helm\) needs it: install Helm 3/
    )
    expect(asked).toBe(false)
  })
})
