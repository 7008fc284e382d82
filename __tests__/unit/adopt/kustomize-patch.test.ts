import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import { kustomizePatches, patchOp } from '../../../src/adopt/kustomize-patch.ts'
import { WorkspaceFiles } from '../../../src/adopt/workspace-files.ts'
import { deployment, toAdopt } from './fixtures.ts'

const built = deployment('web', {
  replicas: 1,
  template: {
    spec: { containers: [{ name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }] }] }
  }
})

describe('patchOp: JSON6902 operations against the built object', () => {
  it('a map member: add (sets it whether or not it exists)', () => {
    expect(patchOp(built, built, '/spec/replicas', { action: 'set', value: 3 })).toEqual({
      op: 'add',
      path: '/spec/replicas',
      value: 3
    })
  })

  it('a missing parent gets the chain down to the field', () => {
    expect(patchOp(built, built, '/metadata/labels/team', { action: 'set', value: 'x' })).toEqual({
      op: 'add',
      path: '/metadata/labels',
      value: { team: 'x' }
    })
  })

  it('list items by merge key: the built index, replace; a new item is appended', () => {
    const live = deployment('web', {
      template: {
        spec: {
          containers: [
            { name: 'side', image: 's' },
            {
              name: 'web',
              image: 'nginx:2',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' }
              ]
            }
          ]
        }
      }
    })
    expect(
      patchOp(built, live, '/spec/template/spec/containers/1/image', {
        action: 'set',
        value: 'nginx:2'
      })
    ).toEqual({ op: 'add', path: '/spec/template/spec/containers/0/image', value: 'nginx:2' })
    expect(
      patchOp(built, live, '/spec/template/spec/containers/1/env/1', {
        action: 'set',
        value: { name: 'B', value: '2' }
      })
    ).toEqual({
      op: 'add',
      path: '/spec/template/spec/containers/0/env/-',
      value: { name: 'B', value: '2' }
    })
    expect(
      patchOp(built, live, '/spec/template/spec/containers/1/env/0', {
        action: 'set',
        value: { name: 'A', value: '9' }
      })
    ).toEqual({
      op: 'replace',
      path: '/spec/template/spec/containers/0/env/0',
      value: { name: 'A', value: '9' }
    })
  })

  it('a field removed live: remove', () => {
    expect(
      patchOp(built, built, '/spec/template/spec/containers/0/env', { action: 'remove' })
    ).toEqual({ op: 'remove', path: '/spec/template/spec/containers/0/env' })
  })
})

describe('kustomizePatches', () => {
  function overlay(kustomization: string): { files: WorkspaceFiles; dir: string } {
    const dir = mkdtempSync(path.join(tmpdir(), 'kd-adopt-kz-'))
    mkdirSync(path.join(dir, 'overlays/prod'), { recursive: true })
    writeFileSync(path.join(dir, 'overlays/prod/kustomization.yaml'), kustomization)
    return { files: new WorkspaceFiles(dir), dir }
  }

  const live = deployment('prod-web', { replicas: 4 })
  const desired = deployment('prod-web', { replicas: 1 })
  const change = { path: '/spec/replicas', reason: 'changed' as const, live: 4, desired: 1 }

  it('writes the patch and references it from the kustomization, keeping its comments', async () => {
    const kustomization =
      '# prod\nnamePrefix: prod- # all names\nresources:\n  - ../../base # shared\n'
    const { files } = overlay(kustomization)
    const item = toAdopt(desired, live, [change], { file: 'base/deployment.yaml', line: 1 })
    const result = await kustomizePatches(
      [item],
      'overlays/prod',
      'overlays/prod/kustomization.yaml',
      files
    )
    expect(result.failed).toEqual([])
    const [patch, edited] = result.files
    expect(patch?.path).toBe('overlays/prod/adopt-deployment-prod-web.patch.yaml')
    expect(patch?.before).toBeNull()
    expect(parse(patch?.after ?? '')).toEqual([{ op: 'add', path: '/spec/replicas', value: 4 }])
    // The target names the object before the overlay's prefix, as kustomize matches patches.
    expect(edited?.after).toBe(
      `${kustomization}patches:\n  - path: adopt-deployment-prod-web.patch.yaml\n    target:\n      group: apps\n      version: v1\n      kind: Deployment\n      name: web\n`
    )
  })

  it('adds to an existing patches list and to an existing patch file, newer ops winning', async () => {
    const kustomization = 'resources: [../../base]\npatches:\n  - path: other.yaml # keep\n'
    const { files, dir } = overlay(kustomization)
    writeFileSync(
      path.join(dir, 'overlays/prod/adopt-deployment-prod-web.patch.yaml'),
      '- op: add\n  path: /spec/replicas\n  value: 2\n- op: add\n  path: /spec/paused\n  value: true\n'
    )
    const item = toAdopt(desired, live, [change])
    const result = await kustomizePatches(
      [item],
      'overlays/prod',
      'overlays/prod/kustomization.yaml',
      files
    )
    expect(parse(result.files[0]?.after ?? '')).toEqual([
      { op: 'add', path: '/spec/paused', value: true },
      { op: 'add', path: '/spec/replicas', value: 4 }
    ])
    expect(result.files[1]?.after).toBe(
      `${kustomization}  - path: adopt-deployment-prod-web.patch.yaml\n    target:\n      group: apps\n      version: v1\n      kind: Deployment\n      name: prod-web\n`
    )
  })

  it('an object made by a generator fails closed, naming the kustomization', async () => {
    const { files } = overlay('configMapGenerator:\n  - name: settings\n    literals: [A=1]\n')
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings-abc', namespace: 'web' },
      data: { A: '2' }
    }
    const item = toAdopt(
      { ...cm, data: { A: '1' } },
      cm,
      [{ path: '/data/A', reason: 'changed' }],
      {
        file: 'overlays/prod/kustomization.yaml',
        line: 2
      }
    )
    const result = await kustomizePatches(
      [item],
      'overlays/prod',
      'overlays/prod/kustomization.yaml',
      files
    )
    expect(result.files).toEqual([])
    expect(result.failed).toEqual([
      expect.objectContaining({
        path: '/data/A',
        why: expect.stringContaining('kustomize generator')
      })
    ])
  })
})
