import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { RenderError, renderPlain } from '../../../src/render/plain.ts'
import type { RenderResult } from '../../../src/render/render-result.ts'

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/render')

/** `ConfigMap settings @ multi-doc/app.yaml:2`, compact enough to compare whole lists. */
function summarize(result: RenderResult): string[] {
  return result.objects.map(
    ({ object, source }) => `${object.kind} ${object.metadata.name} @ ${source.file}:${source.line}`
  )
}

async function renderError(paths: string[], cwd = fixtures): Promise<RenderError> {
  try {
    await renderPlain(paths, { cwd })
  } catch (error) {
    if (error instanceof RenderError) return error
    throw error
  }
  throw new Error('expected a RenderError')
}

let scratch: string
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'kube-drift-render-'))
})
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true })
})

async function writeFiles(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(scratch, name)), { recursive: true })
    await writeFile(path.join(scratch, name), text)
  }
}

describe('renderPlain', () => {
  it('reads every document of a multi-document file with the line where each starts', async () => {
    const result = await renderPlain(['multi-doc/app.yaml'], { cwd: fixtures })
    expect(summarize(result)).toEqual([
      'ConfigMap settings @ multi-doc/app.yaml:2',
      'Service api @ multi-doc/app.yaml:13',
      'Deployment api @ multi-doc/app.yaml:22'
    ])
    expect(result.skipped).toEqual([])
    expect(result.objects[2]?.object.spec).toEqual({ replicas: 3 })
  })

  it('expands List kinds, each item keeping its own line', async () => {
    const result = await renderPlain(['list'], { cwd: fixtures })
    expect(summarize(result)).toEqual([
      'ConfigMap first @ list/list.yaml:4',
      'ConfigMap second @ list/list.yaml:9',
      'ConfigMap third @ list/list.yaml:13'
    ])
    expect(result.objects.map(o => o.object.metadata.namespace)).toEqual(['web', 'web', 'web'])
  })

  it('walks folders depth-first in code-point order, skipping hidden entries and node_modules', async () => {
    await cp(path.join(fixtures, 'tree'), scratch, { recursive: true })
    await writeFiles({ 'node_modules/pkg/x.yaml': 'apiVersion: v1\nkind: ConfigMap\n' })
    const result = await renderPlain(['.'], { cwd: scratch })
    expect(summarize(result)).toEqual([
      'ConfigMap deep @ a/c/deep.yml:1',
      'ConfigMap json @ a/json.json:1',
      'ConfigMap z @ a/z.yaml:1',
      'ConfigMap b @ b.yaml:1'
    ])
  })

  it('reports files relative to cwd with forward slashes when given a folder', async () => {
    const result = await renderPlain(['tree/a'], { cwd: fixtures })
    expect(result.objects.map(o => o.source.file)).toEqual([
      'tree/a/c/deep.yml',
      'tree/a/json.json',
      'tree/a/z.yaml'
    ])
  })

  it('expands globs, sorted, only manifest files', async () => {
    const result = await renderPlain(['tree/**/*.y*ml'], { cwd: fixtures })
    expect(result.objects.map(o => o.source.file)).toEqual([
      'tree/a/c/deep.yml',
      'tree/a/z.yaml',
      'tree/b.yaml'
    ])
  })

  it('reads a file reached through two paths once', async () => {
    const result = await renderPlain(['tree/b.yaml', 'tree/*.yaml', 'tree'], { cwd: fixtures })
    expect(result.objects.filter(o => o.object.metadata.name === 'b')).toHaveLength(1)
  })

  it('names the file and line of malformed YAML', async () => {
    await writeFiles({
      'deploy/api.yaml': [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: fine',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: api',
        'spec:',
        '  replicas: 3',
        '   selector: {}',
        ''
      ].join('\n')
    })
    const error = await renderError(['deploy'], scratch)
    expect(error.message).toBe('deploy/api.yaml:12: bad indentation of a mapping entry')
    expect(error.file).toBe('deploy/api.yaml')
    expect(error.line).toBe(12)
  })

  it('names both places of a resource defined twice, whatever its version', async () => {
    const error = await renderError(['duplicate'])
    expect(error.message).toBe(
      'duplicate resource Deployment.apps web/api: duplicate/a.yaml:1 and duplicate/b.yaml:8'
    )
    expect(error.file).toBe('duplicate/b.yaml')
    expect(error.line).toBe(8)
  })

  it('treats an absent and an empty namespace as the same resource', async () => {
    await writeFiles({
      'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
      'b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: ""\n'
    })
    const error = await renderError(['.'], scratch)
    expect(error.message).toBe('duplicate resource ConfigMap x: a.yaml:1 and b.yaml:1')
  })

  it('does not confuse resources that differ only by group or namespace', async () => {
    await writeFiles({
      'a.yaml': [
        'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: x, namespace: a}',
        'apiVersion: other.io/v1\nkind: Widget\nmetadata: {name: x, namespace: a}',
        'apiVersion: other.io/v1\nkind: Widget\nmetadata: {name: x, namespace: b}'
      ].join('\n---\n')
    })
    const result = await renderPlain(['a.yaml'], { cwd: scratch })
    expect(summarize(result)).toEqual([
      'Widget x @ a.yaml:1',
      'Widget x @ a.yaml:5',
      'Widget x @ a.yaml:9'
    ])
  })

  it('skips Helm values and Chart.yaml with a reason instead of using them', async () => {
    const result = await renderPlain(['values'], { cwd: fixtures })
    expect(summarize(result)).toEqual(['ConfigMap app @ values/configmap.yaml:1'])
    expect(result.skipped).toEqual([
      {
        file: 'values/Chart.yaml',
        reason: 'line 1: not a Kubernetes object (an apiVersion but no kind or metadata)'
      },
      {
        file: 'values/values.yaml',
        reason: 'line 2: not a Kubernetes object (no apiVersion and no kind)'
      }
    ])
  })

  it('skips a Kustomization, pointing to the kustomize renderer', async () => {
    await writeFiles({
      'kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n'
    })
    const result = await renderPlain(['kustomization.yaml'], { cwd: scratch })
    expect(result.objects).toEqual([])
    expect(result.skipped[0]?.reason).toMatch(/kustomize Kustomization.*kustomize renderer/)
  })

  it('names the file, line and field when an object lacks metadata.name', async () => {
    const error = await renderError(['missing-name'])
    expect(error.message).toBe('missing-name/deploy.yaml:6: Deployment: missing metadata.name')
    expect(error.line).toBe(6)
  })

  it('names the missing kind or apiVersion', async () => {
    await writeFiles({
      'no-kind.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n',
      'no-version.yaml': 'kind: ConfigMap\nmetadata:\n  name: x\n'
    })
    expect((await renderError(['no-kind.yaml'], scratch)).message).toBe(
      'no-kind.yaml:1: missing kind (metadata.name: x)'
    )
    expect((await renderError(['no-version.yaml'], scratch)).message).toBe(
      'no-version.yaml:1: ConfigMap x: missing apiVersion'
    )
  })

  it('reads numbers the way kubectl does (YAML 1.1: 0644 is octal), dates stay strings', async () => {
    const result = await renderPlain(['yaml11'], { cwd: fixtures })
    const pod = result.objects[0]?.object as unknown as {
      metadata: { creationHint: unknown }
      spec: { volumes: { secret: { defaultMode: unknown } }[] }
    }
    expect(pod.spec.volumes[0]?.secret.defaultMode).toBe(0o644)
    expect(pod.metadata.creationHint).toBe('2024-01-01')
  })

  it('fails on a path that does not exist or yields no manifest', async () => {
    expect((await renderError(['nope'])).message).toBe('nope: no such file or directory')
    expect((await renderError(['tree/*.txt'])).message).toBe(
      'tree/*.txt: no .yaml, .yml or .json files found'
    )
  })

  it('accepts files with only comments or empty documents', async () => {
    await writeFiles({ 'empty.yaml': '# nothing yet\n---\n---\n' })
    expect(await renderPlain(['empty.yaml'], { cwd: scratch })).toEqual({
      objects: [],
      skipped: []
    })
  })
})
