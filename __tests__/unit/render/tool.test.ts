import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ToolFailedError, cleanStderr, findTool, runTool } from '../../../src/render/tool.ts'

let scratch: string
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'kube-drift-tool-'))
})
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true })
})

async function file(
  relative: string,
  mode: number,
  text = '#!/bin/sh\necho "$@"\n'
): Promise<string> {
  const absolute = path.join(scratch, relative)
  await mkdir(path.dirname(absolute), { recursive: true })
  await writeFile(absolute, text)
  await chmod(absolute, mode)
  return absolute
}

describe('findTool', () => {
  it('takes the first executable file on PATH, skipping files that cannot run and folders', async () => {
    await file('a/helm', 0o644)
    await mkdir(path.join(scratch, 'b/helm'), { recursive: true })
    const found = await file('c/helm', 0o755)
    await file('d/helm', 0o755)
    const PATH = ['', 'a', 'b', 'c', 'd']
      .map(d => (d ? path.join(scratch, d) : d))
      .join(path.delimiter)
    expect(await findTool('helm', { PATH })).toBe(found)
  })

  it('finds nothing without PATH', async () => {
    expect(await findTool('helm', {})).toBeUndefined()
  })
})

describe('runTool', () => {
  it('resolves with stdout', async () => {
    const tool = await file('bin/t', 0o755)
    expect(await runTool(tool, ['a', 'b c'], { cwd: scratch, env: {}, label: 't' })).toBe('a b c\n')
  })

  it('a nonzero exit rejects with the tool’s own message, without its noise', async () => {
    const tool = await file(
      'bin/t',
      0o755,
      '#!/bin/sh\necho "Error: template: x.yaml:3:1: boom" >&2\necho >&2\necho "Use --debug flag to render out invalid YAML" >&2\nexit 3\n'
    )
    const error = await runTool(tool, [], { cwd: scratch, env: {}, label: 'helm template' }).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ToolFailedError)
    expect(error).toMatchObject({
      message: 'helm template failed (exit 3): template: x.yaml:3:1: boom',
      exitCode: 3
    })
  })

  it('cleanStderr keeps every line of the message', () => {
    expect(cleanStderr('Error: first\n  second\n\n')).toBe('first\n  second')
  })
})
