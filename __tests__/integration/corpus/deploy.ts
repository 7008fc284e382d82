// One deployment of a corpus app: its own instance name and namespace, its
// manifests copied and renamed, deployed the way a user would with the pinned
// kubectl, kustomize and helm.
import { execFile } from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { toolPath } from '../../../test/cluster/tools.ts'
import { testKubeconfigPath } from '../cluster-env.ts'
import { REPO } from '../renderers-harness.ts'
import type { Command, CorpusApp, DeployerName } from './corpus-app.ts'

export const FIXTURES = path.join(REPO, '__tests__', 'fixtures', 'corpus')

export interface Instance {
  app: CorpusApp
  deployer: DeployerName
  /** the app's name in this deployment (also the helm release). */
  id: string
  namespace: string
  selector: string
  /** renames the app's name (whole words) to the instance's. */
  rename: (text: string) => string
  /** the renamed copy of a plain app's manifests, or of a kustomize app's overlay. */
  manifests?: string
  /** the chart deployed with helm: the fixture chart, or a plain app's trivial chart. */
  chart: string
  /** what kube-drift is pointed at: the folder, overlay or chart, and how to render it. */
  source: { renderer: 'plain' | 'kustomize' | 'helm'; path: string; release?: string }
}

const SHORT: Record<DeployerName, string> = {
  csa: 'csa',
  ssa: 'ssa',
  helm: 'helm',
  template: 'tpl',
  'template-ssa': 'tpls'
}

/** Runs a tool; rejects with its stderr. At most a few at a time: the machine has 2 cores. */
export function run(
  file: string,
  args: string[],
  input?: string
): Promise<{ stdout: string; stderr: string }> {
  return limit(
    () =>
      new Promise((resolve, reject) => {
        const child = execFile(
          file,
          args,
          { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
          (error, stdout, stderr) => {
            if (error) {
              reject(
                new Error(
                  `${path.basename(file)} ${args.join(' ')} failed: ${stderr || error.message}`
                )
              )
            } else resolve({ stdout, stderr })
          }
        )
        child.stdin?.end(input ?? '')
      })
  )
}

let running = 0
const waiting: (() => void)[] = []
const MAX_TOOLS = 10
async function limit<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_TOOLS) await new Promise<void>(resolve => waiting.push(resolve))
  running++
  try {
    return await work()
  } finally {
    running--
    waiting.shift()?.()
  }
}

export function kubectlAsync(args: string[], input?: string) {
  return run(
    toolPath('kubectl'),
    ['--kubeconfig', testKubeconfigPath(), '--context', 'admin', ...args],
    input
  )
}

function helmAsync(args: string[]) {
  return run(toolPath('helm'), [
    '--kubeconfig',
    testKubeconfigPath(),
    '--kube-context',
    'admin',
    ...args
  ])
}

/** A command of an edit, its names final, run as admin in the deployment's namespace. */
export async function kubectlIn(namespace: string, command: Command): Promise<string> {
  const { args, input } = Array.isArray(command) ? { args: command, input: undefined } : command
  return (await kubectlAsync(['-n', namespace, ...args], input)).stdout
}

export function newInstance(app: CorpusApp, deployer: DeployerName): Instance {
  const id = `${app.name}-${SHORT[deployer]}-${randomBytes(2).toString('hex')}`
  const word = new RegExp(`\\b${app.name}\\b`, 'g')
  const rename = (text: string) => text.replace(word, id)
  const work = mkdtempSync(path.join(tmpdir(), `kube-drift-corpus-${id}-`))
  const fixture = path.join(FIXTURES, app.fixture)
  let manifests: string | undefined
  if (app.source !== 'chart') {
    const copy = path.join(work, 'manifests')
    copyRenamed(fixture, copy, rename)
    manifests = app.overlay ? path.join(copy, app.overlay) : copy
  }
  // A chart is used as written (the release name makes every object its own); plain
  // and kustomize apps deployed with helm are wrapped in a trivial chart.
  const chart = app.source === 'chart' ? fixture : path.join(work, id)
  const source: Instance['source'] =
    manifests === undefined || deployer === 'helm' || deployer === 'template'
      ? { renderer: 'helm', path: chart, release: id }
      : { renderer: app.source === 'kustomize' ? 'kustomize' : 'plain', path: manifests }
  return {
    app,
    deployer,
    id,
    namespace: rename(app.namespace),
    selector: rename(app.selector),
    rename,
    manifests,
    chart,
    source
  }
}

function copyRenamed(from: string, to: string, rename: (text: string) => string): void {
  mkdirSync(to, { recursive: true })
  for (const entry of readdirSync(from)) {
    const source = path.join(from, entry)
    const target = path.join(to, entry)
    if (statSync(source).isDirectory()) copyRenamed(source, target, rename)
    else writeFileSync(target, rename(readFileSync(source, 'utf8')))
  }
}

/**
 * A trivial chart of a plain or kustomize app's manifests, as teams package
 * plain YAML for helm: CRDs under crds/ (installed first), the rest under templates/.
 */
async function wrapChart(instance: Instance): Promise<void> {
  const { chart, manifests } = instance
  if (manifests === undefined) throw new Error(`${instance.id} is a chart already`)
  mkdirSync(path.join(chart, 'templates'), { recursive: true })
  writeFileSync(
    path.join(chart, 'Chart.yaml'),
    `apiVersion: v2\nname: ${instance.app.name}\nversion: 1.0.0\n`
  )
  if (instance.app.source === 'kustomize') {
    const { stdout } = await run(toolPath('kustomize'), ['build', manifests])
    writeFileSync(path.join(chart, 'templates', 'manifests.yaml'), stdout)
    return
  }
  for (const file of readdirSync(manifests)) {
    const into = file.startsWith('crd') ? 'crds' : 'templates'
    mkdirSync(path.join(chart, into), { recursive: true })
    cpSync(path.join(manifests, file), path.join(chart, into, file))
  }
}

/** CRDs first, established before anything that uses them (kubectl maps every object up front). */
async function applyCrdsFirst(instance: Instance, from: string, serverSide: boolean) {
  const crds = readdirSync(from).filter(f => f.startsWith('crd'))
  for (const file of crds) {
    await kubectlAsync([
      'apply',
      ...(serverSide ? ['--server-side'] : []),
      '-f',
      path.join(from, file)
    ])
  }
  if (crds.length > 0) {
    await kubectlAsync([
      'wait',
      '--for=condition=Established',
      '--timeout=60s',
      'crd',
      '-l',
      instance.rename(instance.app.selector)
    ])
  }
}

export async function deploy(instance: Instance): Promise<void> {
  const { deployer, namespace, id } = instance
  await kubectlAsync(['create', 'namespace', namespace])
  const serverSide = deployer === 'ssa' || deployer === 'template-ssa'
  const applyFlags = serverSide ? ['--server-side'] : []
  if (instance.app.source === 'chart') {
    const chart = instance.chart
    if (deployer === 'helm') {
      await helmAsync(['install', id, chart, '--namespace', namespace])
      await helmAsync(['upgrade', id, chart, '--namespace', namespace])
      return
    }
    // Rendered with the cluster so `lookup` sees the live objects; the second run is the upgrade.
    for (const upgrade of [false, true]) {
      const { stdout } = await helmAsync([
        'template',
        id,
        chart,
        '--namespace',
        namespace,
        '--dry-run=server',
        ...(upgrade ? ['--is-upgrade'] : [])
      ])
      // helm template writes no namespace into the objects: kubectl puts them in the release's.
      await kubectlAsync(['apply', '-n', namespace, ...applyFlags, '-f', '-'], stdout)
    }
    return
  }
  if (deployer === 'helm' || deployer === 'template') {
    await wrapChart(instance)
    const chart = instance.chart
    if (deployer === 'helm') {
      await helmAsync(['install', id, chart, '--namespace', namespace])
      await helmAsync(['upgrade', id, chart, '--namespace', namespace])
    } else {
      await applyCrdsFirst(instance, path.join(chart, 'crds'), false).catch(ignoreMissingDir)
      const { stdout } = await helmAsync([
        'template',
        id,
        chart,
        '--namespace',
        namespace,
        '--include-crds'
      ])
      await kubectlAsync(['apply', '-n', namespace, '-f', '-'], stdout)
    }
    return
  }
  const manifests = instance.manifests as string
  if (instance.app.source === 'kustomize') {
    await kubectlAsync(['apply', ...applyFlags, '-k', manifests])
    return
  }
  await applyCrdsFirst(instance, manifests, serverSide)
  await kubectlAsync(['apply', ...applyFlags, '-f', manifests])
}

function ignoreMissingDir(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
}

/**
 * Generated names (kustomize's hash suffixes) are written `name-*` in edits: each
 * becomes the live object's name, found among the namespace's ConfigMaps and Secrets.
 */
export async function generatedNames(instance: Instance): Promise<(text: string) => string> {
  const { stdout } = await kubectlAsync([
    '-n',
    instance.namespace,
    'get',
    'configmaps,secrets',
    '-o',
    'jsonpath={.items[*].metadata.name}'
  ])
  const names = stdout.split(/\s+/).filter(Boolean)
  return text =>
    text.replace(/([a-z0-9][a-z0-9.-]*)-\*/g, (whole, prefix: string) => {
      const matches = names.filter(n => new RegExp(`^${prefix}-[a-z0-9]{10}$`).test(n))
      if (matches.length !== 1) {
        throw new Error(`${whole}: ${matches.length} live names match (${names.join(', ')})`)
      }
      return matches[0] as string
    })
}
