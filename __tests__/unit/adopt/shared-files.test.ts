import { oneChangePerFile } from '../../../src/adopt/shared-files.ts'
import type { AdoptOutcome } from '../../../src/adopt/types.ts'

function outcome(target: string, files: string[]): AdoptOutcome {
  return {
    target,
    renderer: 'plain',
    dryRun: false,
    written: false,
    files: files.map(path => ({ path, before: 'a', after: `b-${target}` })),
    adopted: files.map(file => ({
      resource: `ConfigMap web/${target}`,
      path: '/data/a',
      reason: 'changed',
      action: 'set',
      value: 'b',
      file
    })),
    extras: [],
    skipped: [],
    failed: [],
    suggestions: [],
    errors: [],
    recheck: null
  }
}

describe('oneChangePerFile', () => {
  it('the first target keeps a shared file; the second fails its fields there, keeps the rest', () => {
    const first = outcome('one', ['deploy/app.yaml'])
    const second = outcome('two', ['deploy/app.yaml', 'deploy/other.yaml'])
    oneChangePerFile([first, second])
    expect(first.files.map(f => f.path)).toEqual(['deploy/app.yaml'])
    expect(second.files.map(f => f.path)).toEqual(['deploy/other.yaml'])
    expect(second.adopted.map(a => a.file)).toEqual(['deploy/other.yaml'])
    expect(second.failed).toEqual([
      {
        resource: 'ConfigMap web/two',
        path: '/data/a',
        why: expect.stringContaining('another target changes the same file')
      }
    ])
  })
})
