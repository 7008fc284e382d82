import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { editSources } from '../../../src/adopt/source-edit.ts'
import { WorkspaceFiles } from '../../../src/adopt/workspace-files.ts'
import { writeChanges } from '../../../src/adopt/write.ts'
import { deployment, toAdopt } from './fixtures.ts'

const TEXT = `# two apps
apiVersion: apps/v1
kind: Deployment
metadata:
  name: a
  namespace: web
spec:
  replicas: 1
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: b
  namespace: web
spec:
  replicas: 1 # b
`

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kd-adopt-src-'))
  mkdirSync(path.join(dir, 'deploy'))
  writeFileSync(path.join(dir, 'deploy/app.yaml'), TEXT)
  return dir
}

const replicas = (n: number) => [{ path: '/spec/replicas', reason: 'changed' as const, live: n }]

describe('editSources', () => {
  it('edits the document of the resource, found by kind and name', async () => {
    const dir = workspace()
    const item = toAdopt(
      deployment('b', { replicas: 1 }),
      deployment('b', { replicas: 3 }),
      replicas(3),
      {
        file: 'deploy/app.yaml',
        line: 10
      }
    )
    const result = await editSources([item], new WorkspaceFiles(dir), dir)
    expect(result.failed).toEqual([])
    expect(result.files).toEqual([
      {
        path: 'deploy/app.yaml',
        before: TEXT,
        after: TEXT.replace('replicas: 1 # b', 'replicas: 3 # b')
      }
    ])
    expect(result.adopted).toEqual([
      {
        resource: 'Deployment.apps web/b',
        path: '/spec/replicas',
        reason: 'changed',
        action: 'set',
        value: 3,
        file: 'deploy/app.yaml'
      }
    ])
  })

  it('fails closed when the document is not in the file', async () => {
    const dir = workspace()
    const item = toAdopt(deployment('c', {}), deployment('c', { replicas: 3 }), replicas(3))
    const result = await editSources([item], new WorkspaceFiles(dir), dir)
    expect(result.files).toEqual([])
    expect(result.failed).toEqual([
      expect.objectContaining({
        path: '/spec/replicas',
        why: expect.stringContaining('no document')
      })
    ])
  })

  it('refuses a source outside the workspace, and a symbolic link', async () => {
    const dir = workspace()
    const outside = mkdtempSync(path.join(tmpdir(), 'kd-adopt-out-'))
    writeFileSync(path.join(outside, 'app.yaml'), TEXT)
    symlinkSync(path.join(outside, 'app.yaml'), path.join(dir, 'deploy/link.yaml'))
    const files = new WorkspaceFiles(dir)
    for (const file of [path.join(outside, 'app.yaml'), 'deploy/link.yaml', '../x.yaml']) {
      const item = toAdopt(deployment('a', {}), deployment('a', { replicas: 3 }), replicas(3), {
        file,
        line: 1
      })
      const result = await editSources([item], files, dir)
      expect(result.files).toEqual([])
      expect(result.failed[0]?.why).toMatch(/outside the workspace|symbolic link/)
    }
  })
})

describe('writeChanges', () => {
  it('refuses a file that changed since it was read, and a new file that exists', async () => {
    const dir = workspace()
    const files = new WorkspaceFiles(dir)
    await expect(
      writeChanges(files, [{ path: 'deploy/app.yaml', before: 'other', after: 'x' }])
    ).rejects.toThrow('changed since adopt read it')
    await expect(
      writeChanges(files, [{ path: 'deploy/app.yaml', before: null, after: 'x' }])
    ).rejects.toThrow('exists already')
    await expect(
      writeChanges(files, [{ path: '../evil.yaml', before: null, after: 'x' }])
    ).rejects.toThrow('outside the workspace')
  })
})
