// The CLI as an npm package: `npm pack` ships only the bin, the CLI bundle, the
// schemas, README and LICENSE; the packed package installs with nothing else
// (the bundle is self-contained), its bin answers --version and --help, and on a
// Node.js older than the bundle needs it says so instead of a SyntaxError.
import { execFile, spawnSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { MIN_NODE_MAJOR, nodeVersionProblem } from '../../../src/cli/node-version.ts'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../../..')
const packageJson = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
  version: string
  engines: { node: string }
  private?: boolean
  bin: Record<string, string>
}

describe('nodeVersionProblem', () => {
  it('names the version needed and the one running, for an older major', () => {
    expect(nodeVersionProblem('20.20.2')).toBe(
      `kube-drift needs Node.js ≥ ${MIN_NODE_MAJOR} (this is v20.20.2)`
    )
    expect(nodeVersionProblem(`${MIN_NODE_MAJOR - 1}.99.0`)).toContain('needs Node.js')
  })

  it('accepts the oldest supported major and newer ones', () => {
    expect(nodeVersionProblem(`${MIN_NODE_MAJOR}.0.0`)).toBeUndefined()
    expect(nodeVersionProblem('24.21.0')).toBeUndefined()
  })

  it("is what package.json's engines says", () => {
    expect(packageJson.engines.node).toBe(`>=${MIN_NODE_MAJOR}`)
  })
})

describe('the packed CLI', () => {
  let work: string
  let installed: string
  let packedFiles: string[]

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'kube-drift-pack-'))
    // A copy of the package's inputs, with files that must not ship beside them.
    const stage = path.join(work, 'stage')
    await mkdir(stage)
    for (const entry of ['package.json', 'README.md', 'LICENSE', 'schema']) {
      await cp(path.join(root, entry), path.join(stage, entry), { recursive: true })
    }
    for (const decoy of ['src/cli.ts', '__tests__/unit/x.test.ts', 'test/github/x.ts']) {
      await mkdir(path.dirname(path.join(stage, decoy)), { recursive: true })
      await writeFile(path.join(stage, decoy), '// not shipped\n')
    }
    await run(
      process.execPath,
      [path.join(root, 'scripts/bundle.mjs'), '--outdir', path.join(stage, 'dist')],
      { cwd: root }
    )
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: stage
    })
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[]
    packedFiles = packed!.files.map(file => file.path).sort()
    const prefix = path.join(work, 'prefix')
    await run('npm', [
      'install',
      '--global',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--prefix',
      prefix,
      path.join(work, packed!.filename)
    ])
    installed = path.join(prefix, 'bin', 'kube-drift')
  }, 180_000)

  afterAll(async () => {
    await rm(work, { recursive: true, force: true })
  })

  it('ships only the bin, the CLI bundle, the schemas, README, LICENSE and package.json', () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining(['LICENSE', 'README.md', 'dist/bin.js', 'dist/cli.js', 'package.json'])
    )
    expect(packedFiles.filter(file => file.startsWith('schema/')).length).toBeGreaterThan(0)
    const others = packedFiles.filter(
      file =>
        !['LICENSE', 'README.md', 'dist/bin.js', 'dist/cli.js', 'package.json'].includes(file) &&
        !/^schema\/[^/]+\.schema\.json$/.test(file)
    )
    expect(others).toEqual([])
  })

  it('is publishable, with no runtime dependency to install', () => {
    expect(packageJson.private).toBeUndefined()
    expect(packageJson.bin).toEqual({ 'kube-drift': 'dist/bin.js' })
    expect(packageJson).not.toHaveProperty('dependencies')
  })

  it('answers --version and --help from the installed bin, outside the repository', async () => {
    const options = { cwd: work }
    const version = await run(process.execPath, [installed, '--version'], options)
    expect(version.stdout).toBe(`${packageJson.version}\n`)
    const help = await run(process.execPath, [installed, '--help'], options)
    expect(help.stdout).toContain('Usage: kube-drift check')
    // Run as a command: the bin's #! line finds node on PATH.
    const direct = await run(installed, ['--version'], {
      ...options,
      env: { ...process.env, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` }
    })
    expect(direct.stdout).toBe(`${packageJson.version}\n`)
  })

  const oldNode = olderNode()
  const withOldNode = oldNode ? it : it.skip
  withOldNode(
    `on ${oldNode?.version ?? 'an older Node.js (none found)'}, says which Node it needs`,
    async () => {
      const failure = await run(oldNode!.path, [installed, '--version'], { cwd: work }).then(
        () => undefined,
        (error: { code: number; stdout: string; stderr: string }) => error
      )
      expect(failure?.code).toBe(1)
      expect(failure?.stdout).toBe('')
      expect(failure?.stderr).toBe(
        `kube-drift needs Node.js ≥ ${MIN_NODE_MAJOR} (this is ${oldNode!.version})\n`
      )
    }
  )
})

/** A Node.js older than the CLI needs ($KUBE_DRIFT_OLD_NODE, or Debian's /usr/bin/node), if any. */
function olderNode(): { path: string; version: string } | undefined {
  const candidate = process.env.KUBE_DRIFT_OLD_NODE ?? '/usr/bin/node'
  if (!existsSync(candidate)) return undefined
  const version = spawnVersion(candidate)
  if (!version) return undefined
  return Number(version.slice(1).split('.')[0]) < MIN_NODE_MAJOR
    ? { path: candidate, version }
    : undefined
}

function spawnVersion(node: string): string | undefined {
  const result = spawnSync(node, ['--version'], { encoding: 'utf8' })
  return result.status === 0 ? result.stdout.trim() : undefined
}
