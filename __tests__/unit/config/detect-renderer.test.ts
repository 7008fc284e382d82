import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  detectRenderer,
  findKustomizationFile,
  renderRoot
} from '../../../src/config/detect-renderer.ts'

let scratch: string
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'kube-drift-detect-'))
})
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true })
})

async function folder(name: string, files: string[]): Promise<string> {
  await mkdir(path.join(scratch, name), { recursive: true })
  for (const file of files) await writeFile(path.join(scratch, name, file), 'x: 1\n')
  return name
}

describe('detectRenderer', () => {
  it.each(['kustomization.yaml', 'kustomization.yml', 'Kustomization'])(
    'a folder with %s is kustomize',
    async file => {
      expect(await detectRenderer(await folder('k', [file, 'deploy.yaml']), scratch)).toBe(
        'kustomize'
      )
    }
  )

  it('a folder with Chart.yaml is helm', async () => {
    expect(
      await detectRenderer(await folder('chart', ['Chart.yaml', 'values.yaml']), scratch)
    ).toBe('helm')
  })

  it('a folder of manifests is plain, even with a chart in a subfolder', async () => {
    await folder('deploy', ['api.yaml'])
    await folder('deploy/charts/web', ['Chart.yaml'])
    expect(await detectRenderer('deploy', scratch)).toBe('plain')
  })

  it('a kustomization with a Chart.yaml beside it is kustomize (kustomize builds it)', async () => {
    expect(
      await detectRenderer(await folder('both', ['kustomization.yaml', 'Chart.yaml']), scratch)
    ).toBe('kustomize')
  })

  it('a kustomization.yaml or Chart.yaml named directly stands for its folder', async () => {
    await folder('k', ['kustomization.yaml'])
    await folder('c', ['Chart.yaml'])
    expect(await detectRenderer('k/kustomization.yaml', scratch)).toBe('kustomize')
    expect(await detectRenderer('c/Chart.yaml', scratch)).toBe('helm')
    expect(await renderRoot('c/Chart.yaml', scratch)).toBe(path.join(scratch, 'c'))
    expect(await renderRoot('c', scratch)).toBe(path.join(scratch, 'c'))
  })

  it('a manifest file, a glob and a missing path are plain', async () => {
    await folder('k', ['kustomization.yaml', 'api.yaml'])
    expect(await detectRenderer('k/api.yaml', scratch)).toBe('plain')
    expect(await detectRenderer('k/*', scratch)).toBe('plain')
    expect(await detectRenderer('nowhere', scratch)).toBe('plain')
  })
})

describe('findKustomizationFile', () => {
  it('finds the file kustomize would read, or nothing', async () => {
    await folder('k', ['kustomization.yml'])
    await folder('none', ['api.yaml'])
    expect(await findKustomizationFile(path.join(scratch, 'k'))).toBe(
      path.join(scratch, 'k', 'kustomization.yml')
    )
    expect(await findKustomizationFile(path.join(scratch, 'none'))).toBeUndefined()
  })
})
