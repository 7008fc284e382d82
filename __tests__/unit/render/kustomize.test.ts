import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { load } from 'js-yaml'
import type { Target } from '../../../src/config/target.ts'
import { renderTarget } from '../../../src/render/index.ts'
import { renderKustomize } from '../../../src/render/kustomize.ts'
import { sourceFromOrigin, stripOrigin } from '../../../src/render/kustomize-origin.ts'
import { RenderError } from '../../../src/render/render-error.ts'
import type { KubeObject } from '../../../src/types.ts'
import { fakeTools, type FakeTools } from './fake-tools.ts'

let scratch: string
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'kube-drift-kustomize-'))
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

function object(kind: string, name: string, origin?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind,
    metadata: {
      name,
      ...(origin === undefined
        ? {}
        : { annotations: { 'config.kubernetes.io/origin': origin, keep: 'me' } })
    }
  }
}

describe('sourceFromOrigin', () => {
  const context = () => ({
    buildRoot: path.join(scratch, 'overlay'),
    cwd: scratch,
    cache: new Map()
  })

  it('points at the resource file and the document the object came from, through a namePrefix', async () => {
    await write({
      'base/app.yaml':
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n'
    })
    const source = await sourceFromOrigin(
      object('Deployment', 'prod-api', 'path: ../base/app.yaml\n'),
      context()
    )
    expect(source).toEqual({ file: 'base/app.yaml', line: 6 })
  })

  it('points a generated object at its generator entry in the kustomization', async () => {
    await write({
      'overlay/kustomization.yaml':
        'namePrefix: prod-\nresources: [../base]\nconfigMapGenerator:\n  - name: other\n    literals: [A=1]\n  - name: settings\n    literals: [B=2]\n'
    })
    const source = await sourceFromOrigin(
      object(
        'ConfigMap',
        'prod-settings-5h7b8dg6m2',
        'configuredIn: kustomization.yaml\nconfiguredBy:\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n'
      ),
      context()
    )
    expect(source).toEqual({ file: 'overlay/kustomization.yaml', line: 6 })
  })

  it('gives nothing for a remote base or an object without origin', async () => {
    expect(
      await sourceFromOrigin(
        object('Service', 'api', 'path: app.yaml\nrepo: https://github.com/x/y\nref: v1\n'),
        context()
      )
    ).toBeUndefined()
    expect(await sourceFromOrigin(object('Service', 'api'), context())).toBeUndefined()
  })

  it('line 1 when the file is gone', async () => {
    expect(
      await sourceFromOrigin(object('Service', 'api', 'path: gone.yaml\n'), context())
    ).toEqual({ file: 'overlay/gone.yaml', line: 1 })
  })

  it('stripOrigin removes only the origin annotation, and an annotations map it empties', () => {
    const kept = object('Service', 'api', 'path: x\n')
    stripOrigin(kept)
    expect(kept.metadata.annotations).toEqual({ keep: 'me' })
    const emptied: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'a', annotations: { 'config.kubernetes.io/origin': 'path: x\n' } }
    }
    stripOrigin(emptied)
    expect(emptied.metadata).toEqual({ name: 'a' })
  })
})

describe('renderTarget with kustomize', () => {
  let tools: FakeTools
  afterEach(async () => {
    await rm(tools.bin, { recursive: true, force: true })
  })

  function target(overrides: Partial<Target> = {}): Target {
    return {
      name: 'overlay',
      renderer: 'kustomize',
      paths: ['overlay'],
      ignore: [],
      kustomize: { enableHelm: false },
      ...overrides
    }
  }

  const noCluster = () => Promise.reject(new Error('kustomize must not ask the cluster'))

  /** kustomize's output for the overlay, with the origin annotation the wrapper turns on. */
  function builtOutput(): string {
    return `apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ${path.join(scratch, 'overlay/cm.yaml')}
  name: prod-settings
`
  }

  beforeEach(async () => {
    await write({
      'overlay/kustomization.yaml':
        'namePrefix: prod-\nresources: [cm.yaml]\nbuildMetadata: [managedByLabel]\n',
      'overlay/cm.yaml':
        '# settings\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n'
    })
  })

  it('builds with kustomize through a wrapper that adds origin annotations, keeping the user’s buildMetadata', async () => {
    tools = await fakeTools(['kustomize', 'kubectl', 'helm'])
    await tools.answer('kustomize', { stdout: builtOutput() })
    const rendered = await renderTarget(target(), scratch, { cluster: noCluster, env: tools.env })
    const args = await tools.args('kustomize')
    expect(args.slice(0, 2)).toEqual(['build', '--'])
    expect(args).toHaveLength(3)
    const wrapper = load(await tools.built('kustomize')) as Record<string, unknown>
    expect(wrapper.buildMetadata).toEqual(['managedByLabel', 'originAnnotations'])
    const [reference] = wrapper.resources as string[]
    expect(path.resolve(args[2] ?? '', reference ?? '')).toBe(path.join(scratch, 'overlay'))
    // The annotation served its purpose and is gone: live objects never have it.
    expect(rendered.objects).toEqual([
      {
        object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'prod-settings' } },
        source: { file: 'overlay/cm.yaml', line: 2 }
      }
    ])
  })

  it('keeps origin annotations the user asked for: they are deployed too', async () => {
    await write({
      'overlay/kustomization.yaml': 'resources: [cm.yaml]\nbuildMetadata: [originAnnotations]\n'
    })
    tools = await fakeTools(['kustomize'])
    await tools.answer('kustomize', { stdout: builtOutput() })
    const rendered = await renderTarget(target(), scratch, { cluster: noCluster, env: tools.env })
    expect(await tools.args('kustomize')).toEqual(['build', '--', path.join(scratch, 'overlay')])
    expect(rendered.objects[0]?.object.metadata.annotations).toHaveProperty(
      ['config.kubernetes.io/origin'],
      `path: ${path.join(scratch, 'overlay/cm.yaml')}\n`
    )
    expect(rendered.objects[0]?.source).toEqual({ file: 'overlay/cm.yaml', line: 2 })
  })

  it.each([['a Component (which cannot be a resource)', 'kind: Component\n']])(
    'builds %s directly, without the wrapper',
    async (_what, text) => {
      await write({ 'overlay/kustomization.yaml': text })
      tools = await fakeTools(['kustomize'])
      await tools.answer('kustomize', { stdout: builtOutput() })
      await renderTarget(target(), scratch, { cluster: noCluster, env: tools.env })
      expect(await tools.args('kustomize')).toEqual(['build', '--', path.join(scratch, 'overlay')])
    }
  )

  it('builds directly when the temporary folder is inside the overlay (it may not include its ancestor)', async () => {
    tools = await fakeTools(['kustomize'])
    await tools.answer('kustomize', { stdout: builtOutput() })
    await write({ 'overlay/tmp/.keep': '' })
    await renderKustomize(target(), {
      cwd: scratch,
      env: tools.env,
      tempDir: path.join(scratch, 'overlay/tmp')
    })
    expect(await tools.args('kustomize')).toEqual(['build', '--', path.join(scratch, 'overlay')])
  })

  it('falls back to kubectl kustomize when kustomize is not installed', async () => {
    tools = await fakeTools(['kubectl'])
    await tools.answer('kubectl', { stdout: builtOutput() })
    const rendered = await renderTarget(target(), scratch, { cluster: noCluster, env: tools.env })
    expect((await tools.args('kubectl'))[0]).toBe('kustomize')
    expect(rendered.objects).toHaveLength(1)
    expect(rendered.notes).toEqual([
      "Built with kubectl's own kustomize (`kubectl kustomize`): kustomize is not installed."
    ])
  })

  it('passes --enable-helm with the helm it found only when the target asks, and never plugin flags', async () => {
    tools = await fakeTools(['kustomize', 'helm'])
    await tools.answer('kustomize', { stdout: builtOutput() })
    await renderTarget(target(), scratch, { cluster: noCluster, env: tools.env })
    const plain = await tools.args('kustomize')
    expect(plain).toEqual(['build', '--', expect.any(String)])
    await renderTarget(target({ kustomize: { enableHelm: true } }), scratch, {
      cluster: noCluster,
      env: tools.env
    })
    const withHelm = await tools.args('kustomize')
    expect(withHelm).toEqual([
      'build',
      '--enable-helm',
      `--helm-command=${path.join(tools.bin, 'helm')}`,
      '--',
      expect.any(String)
    ])
  })

  it('enableHelm without helm installed says so', async () => {
    tools = await fakeTools(['kustomize'])
    await expect(
      renderTarget(target({ kustomize: { enableHelm: true } }), scratch, {
        cluster: noCluster,
        env: tools.env
      })
    ).rejects.toThrow(/^helm is not installed .*target "overlay" \(kustomize\) with enableHelm/)
  })

  it('neither kustomize nor kubectl: says how to install either', async () => {
    tools = await fakeTools([])
    await expect(
      renderTarget(target(), scratch, { cluster: noCluster, env: tools.env })
    ).rejects.toThrow(
      'kustomize is not installed (not found on PATH), and target "overlay" (kustomize) needs it: install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl'
    )
  })

  it('a failed build is an error on the kustomization file with kustomize’s message', async () => {
    tools = await fakeTools(['kustomize'])
    await tools.answer('kustomize', {
      stderr:
        "Error: accumulating resources: accumulation err='accumulating resources from 'gone.yaml': open gone.yaml: no such file or directory'\n",
      code: 1
    })
    const error = await renderTarget(target(), scratch, {
      cluster: noCluster,
      env: tools.env
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RenderError)
    expect((error as Error).message).toBe(
      "overlay/kustomization.yaml: kustomize build failed (exit 1): accumulating resources: accumulation err='accumulating resources from 'gone.yaml': open gone.yaml: no such file or directory'"
    )
  })

  it('an error quoting the wrapper’s path to the overlay quotes the overlay’s own path instead', async () => {
    tools = await fakeTools(['kustomize'])
    await tools.answer('kustomize', { stderr: 'Error: ', code: 1, echoBuilt: true })
    const error = (await renderTarget(target(), scratch, {
      cluster: noCluster,
      env: tools.env
    }).catch((e: unknown) => e)) as Error
    expect(error.message).toContain(`- "${path.join(scratch, 'overlay')}"`)
    expect(error.message).not.toContain('../')
  })

  it('a folder without a kustomization is not a kustomize target', async () => {
    tools = await fakeTools(['kustomize'])
    await write({ 'plain/a.yaml': 'a: 1\n' })
    await expect(
      renderTarget(target({ paths: ['plain'] }), scratch, { cluster: noCluster, env: tools.env })
    ).rejects.toThrow(
      'plain: not a kustomize directory: no kustomization.yaml, kustomization.yml or Kustomization'
    )
  })

  it('the same object twice in the build names both places', async () => {
    tools = await fakeTools(['kustomize'])
    await tools.answer('kustomize', { stdout: `${builtOutput()}---\n${builtOutput()}` })
    await expect(
      renderTarget(target(), scratch, { cluster: noCluster, env: tools.env })
    ).rejects.toThrow(
      'duplicate resource ConfigMap prod-settings: overlay/cm.yaml:2 and overlay/cm.yaml:2'
    )
  })
})

describe('renderTarget', () => {
  it('refuses an unknown renderer', async () => {
    const target = { name: 't', renderer: 'jsonnet', paths: ['.'], ignore: [] } as unknown as Target
    await expect(renderTarget(target, scratch)).rejects.toThrow(
      'unknown renderer "jsonnet" (expected plain, kustomize or helm)'
    )
  })
})
