// The layer rules of eslint-layers.js bite: ESLint, with the project's own config,
// lints small snippets placed (in memory) in one folder of src/ and reports the
// imports that cross a layer, and only those.
import { ESLint } from 'eslint'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../../..')
const eslint = new ESLint({ cwd: root })

/** The no-restricted-imports messages for `source` placed at `file` (relative to the repo). */
async function restricted(file: string, source: string): Promise<string[]> {
  const results = await eslint.lintText(source, { filePath: path.join(root, file) })
  return results
    .flatMap(result => result.messages)
    .filter(message => message.ruleId === 'no-restricted-imports')
    .map(message => message.message)
}

const importing = (specifier: string): string =>
  `import * as imported from '${specifier}'\nexport const used = imported\n`

describe('layer rules', () => {
  it('keeps drift/ and report/ from importing cluster/, config/, render/, engine/', async () => {
    expect(await restricted('src/drift/x.ts', importing('../cluster/client.ts'))).toEqual([
      expect.stringContaining('src/drift/ may not import')
    ])
    for (const folder of ['config', 'render', 'engine', 'github', 'reconcile']) {
      expect(await restricted('src/report/x.ts', importing(`../${folder}/any.ts`))).toHaveLength(1)
    }
    expect(await restricted('src/drift/x.ts', `export * from '../render/index.ts'\n`)).toHaveLength(
      1
    )
  })

  it('lets drift/ and report/ import drift/, report/, util/ and type files', async () => {
    for (const specifier of [
      '../drift/json.ts',
      '../report/format.ts',
      '../util/paths.ts',
      '../types.ts',
      '../reconcile/types.ts',
      './pointer.ts'
    ]) {
      expect(await restricted('src/drift/x.ts', importing(specifier))).toEqual([])
      expect(await restricted('src/report/x.ts', importing(specifier))).toEqual([])
    }
  })

  it('keeps I/O out of drift/ and report/', async () => {
    for (const specifier of ['node:fs/promises', 'fs', 'node:child_process', 'node:https']) {
      expect(await restricted('src/report/x.ts', importing(specifier))).toEqual([
        expect.stringContaining('is pure')
      ])
    }
    expect(await restricted('src/drift/x.ts', importing('node:crypto'))).toEqual([])
  })

  it('allows @kubernetes/client-node only in cluster/', async () => {
    const kubernetes = importing('@kubernetes/client-node')
    expect(await restricted('src/cluster/x.ts', kubernetes)).toEqual([])
    for (const file of ['src/render/x.ts', 'src/engine/x.ts', 'src/main.ts', 'src/cli.ts']) {
      expect(await restricted(file, kubernetes)).toEqual([
        expect.stringContaining('only in src/cluster/')
      ])
    }
  })

  it('allows @actions/* only in github/ and the entries', async () => {
    for (const file of ['src/github/x.ts', 'src/main.ts', 'src/index.ts']) {
      expect(await restricted(file, importing('@actions/core'))).toEqual([])
    }
    for (const file of ['src/config/x.ts', 'src/cli/x.ts', 'src/cli.ts', 'src/engine/x.ts']) {
      expect(await restricted(file, importing('@actions/github'))).toEqual([
        expect.stringContaining('only in src/github/')
      ])
    }
  })

  it('keeps the order of the other layers', async () => {
    const crossings: [string, string][] = [
      ['src/config/x.ts', '../render/detect.ts'],
      ['src/cluster/x.ts', '../config/target.ts'],
      ['src/cluster/x.ts', '../render/index.ts'],
      ['src/render/x.ts', '../cluster/client.ts'],
      ['src/render/x.ts', '../engine/check.ts'],
      ['src/util/x.ts', '../drift/json.ts'],
      ['src/engine/x.ts', '../github/publish.ts'],
      ['src/cli/x.ts', '../github/publish.ts']
    ]
    for (const [file, specifier] of crossings) {
      expect(await restricted(file, importing(specifier))).toHaveLength(1)
    }
    const allowed: [string, string][] = [
      ['src/render/x.ts', '../config/target.ts'],
      ['src/config/x.ts', '../cluster/kubeconfig.ts'],
      ['src/cluster/x.ts', '../drift/schema.ts'],
      ['src/engine/x.ts', '../render/index.ts'],
      ['src/github/x.ts', '../engine/check.ts']
    ]
    for (const [file, specifier] of allowed) {
      expect(await restricted(file, importing(specifier))).toEqual([])
    }
  })
})
