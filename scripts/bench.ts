// Benchmark (not a test): kube-drift check against `kubectl diff --server-side`
// and a floor client on the same mixed objects (8 kinds over 10 namespaces, 3.75 %
// drifted by hand with kubectl), at several sizes, median of N runs, the three
// tools interleaved so they share the machine's noise. Prints a Markdown table.
//   node scripts/bench.ts [--sizes 500,2000,5000] [--runs 3] [--concurrency 8] [--baseline <cli.js>]
// --baseline measures another build of the CLI (say main's) in the same runs, for a before/after.
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parseArgs } from 'node:util'
import * as yaml from 'js-yaml'
import { DEFAULT_CONCURRENCY } from '../src/config/target.ts'
import { startCluster } from '../test/cluster/launcher.ts'
import { toolPath } from '../test/cluster/tools.ts'
import type { FloorPlan } from './bench/floor-client.ts'
import { measure, type Measured } from './bench/measure.ts'
import {
  NAMESPACES,
  benchObjects,
  driftedObjects,
  handEdit,
  namespaceName,
  namespaceObjects
} from './bench/objects.ts'

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '500,2000,5000' },
    runs: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: String(DEFAULT_CONCURRENCY) },
    baseline: { type: 'string' }
  }
})
const sizes = values.sizes.split(',').map(Number)
const runs = Number(values.runs)
const concurrency = Number(values.concurrency)
const run = promisify(execFile)

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const s = (n: number | undefined) => (n === undefined ? 'n/a' : n.toFixed(2))

const dir = mkdtempSync(join(tmpdir(), 'kube-drift-bench-'))
// The CLI as shipped (one bundle), built outside the repository's dist/.
execFileSync(process.execPath, ['scripts/bundle.mjs', join(dir, 'dist')], { stdio: 'inherit' })
const cli = join(dir, 'dist', 'cli.js')

const cluster = await startCluster()
try {
  const kubectl = toolPath('kubectl')
  const kc = ['--kubeconfig', cluster.kubeconfigPath]
  const floorPlanBase = differCredentials(cluster.kubeconfigPath, cluster.server)
  const header = [
    '',
    `Kubernetes ${cluster.version}, concurrency ${concurrency}, median of ${runs} run(s), wall s (user+sys CPU s)`,
    '',
    `| objects | drifted | kube-drift s | kubectl diff s | floor s | kubectl diff ÷ kube-drift | kube-drift ÷ floor | kube-drift RSS MiB | kubectl diff RSS MiB | requests kube-drift / kubectl diff / floor |${values.baseline ? ' baseline s | baseline RSS MiB |' : ''}`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |${values.baseline ? ' --- | --- |' : ''}`
  ]
  // Each row as soon as its size is measured: a long run shows its results as it goes.
  console.log(header.join('\n'))
  for (const size of sizes) console.log(await benchSize(size))

  async function benchSize(size: number): Promise<string> {
    const prefix = `bench${size}`
    const objects = benchObjects(prefix, size)
    const file = join(dir, `${prefix}.yaml`)
    const docs = [...namespaceObjects(prefix), ...objects.map(o => o.object)]
    writeFileSync(file, docs.map(doc => yaml.dump(doc)).join('---\n'))
    console.error(`bench: applying ${size} objects + ${NAMESPACES} namespaces`)
    execFileSync(kubectl, [...kc, 'apply', '--server-side', '-f', file], {
      stdio: 'ignore',
      maxBuffer: 1 << 28
    })
    await settle(kubectl, kc, prefix, objects.filter(o => o.kind === 'Deployment').length)
    const drifted = driftedObjects(objects)
    console.error(`bench: drifting ${drifted.length} objects by hand (kubectl)`)
    await inParallel(drifted, 4, o => run(kubectl, [...kc, ...handEdit(o)]))

    const planFile = join(dir, `${prefix}-floor.json`)
    const lists = new Set(['/api/v1/namespaces'])
    for (const o of objects) lists.add(o.path.slice(0, o.path.lastIndexOf('/')))
    const plan: FloorPlan = {
      ...floorPlanBase,
      concurrency,
      lists: [...lists],
      dryRuns: drifted.map(o => ({ path: o.path, object: o.object }))
    }
    writeFileSync(planFile, JSON.stringify(plan))

    const kd: Measured[] = []
    const base: Measured[] = []
    const diff: Measured[] = []
    const floor: Measured[] = []
    let kdRequests: number | undefined
    let floorRequests: number | undefined
    for (let i = 0; i < runs; i++) {
      console.error(`bench: ${size} objects, run ${i + 1}/${runs}`)
      const check = async (bundle: string): Promise<Measured> => {
        const out = join(dir, `${prefix}-report.json`)
        const args = ['check', '-p', file, ...kc, '--context', 'differ']
        const measured = await measure(
          process.execPath,
          [
            bundle,
            ...args,
            '--concurrency',
            String(concurrency),
            '-o',
            'json',
            '--out',
            out,
            '--quiet'
          ],
          { KUBE_DRIFT_STATS: '1' }
        )
        const report = JSON.parse(readFileSync(out, 'utf8')) as { summary: Record<string, number> }
        const { drifted: found, errors, inSync } = report.summary
        if (found !== drifted.length || errors !== 0 || inSync !== docs.length - drifted.length) {
          throw new Error(
            `${bundle} found ${JSON.stringify(report.summary)}, expected ${drifted.length} drifted of ${docs.length}`
          )
        }
        return measured
      }
      if (values.baseline) base.push(await check(values.baseline))
      const m = await check(cli)
      kdRequests = (
        JSON.parse(/kube-drift-stats (\{.*\})/.exec(m.stderr)?.[1] ?? '{}') as { requests?: number }
      ).requests
      kd.push(m)
      const d = await measure(kubectl, [
        ...kc,
        '--context',
        'differ',
        'diff',
        '--server-side',
        '--force-conflicts',
        `--concurrency=${concurrency}`,
        '-f',
        file
      ])
      if (d.exitCode !== 1)
        throw new Error(`kubectl diff exited ${d.exitCode}: ${d.stderr.slice(-2000)}`)
      diff.push(d)
      const f = await measure(process.execPath, ['scripts/bench/floor-client.ts', planFile])
      if (f.exitCode !== 0) throw new Error(`floor client failed: ${f.stderr.slice(-2000)}`)
      floorRequests = (
        JSON.parse(/floor-stats (\{.*\})/.exec(f.stderr)?.[1] ?? '{}') as { requests?: number }
      ).requests
      floor.push(f)
    }
    // kubectl's requests, counted in a run of their own: -v=6 logging would slow the timed ones.
    const verbose = await measure(kubectl, [
      ...kc,
      '--context',
      'differ',
      'diff',
      '--server-side',
      '--force-conflicts',
      `--concurrency=${concurrency}`,
      '-f',
      file,
      '-v=6'
    ])
    const diffRequests = (
      verbose.stderr.match(/"Response" verb="|\] (GET|PATCH|POST) https/g) ?? []
    ).length

    const wall = (ms: Measured[]) => median(ms.map(m => m.seconds))
    const cpu = (ms: Measured[]) => median(ms.map(m => m.cpuSeconds ?? NaN))
    const rss = (ms: Measured[]) => Math.max(...ms.map(m => m.maxRssMiB ?? NaN))
    console.error(
      `bench: ${size}: kube-drift ${kd.map(m => s(m.seconds)).join(', ')} s; kubectl diff ${diff.map(m => s(m.seconds)).join(', ')} s; floor ${floor.map(m => s(m.seconds)).join(', ')} s`
    )
    return `| ${docs.length} | ${drifted.length} | ${s(wall(kd))} (${s(cpu(kd))}) | ${s(wall(diff))} (${s(cpu(diff))}) | ${s(wall(floor))} (${s(cpu(floor))}) | ${(wall(diff) / wall(kd)).toFixed(1)}× | ${(wall(kd) / wall(floor)).toFixed(2)}× | ${rss(kd).toFixed(0)} | ${rss(diff).toFixed(0)} | ${kdRequests ?? 'n/a'} / ${diffRequests} / ${floorRequests ?? 'n/a'} |${values.baseline ? ` ${s(wall(base))} (${s(cpu(base))}) | ${rss(base).toFixed(0)} |` : ''}`
  }
} finally {
  await cluster.stop()
}

/** The differ user's TLS material and the server, for the floor client. */
function differCredentials(kubeconfigPath: string, server: string) {
  const config = yaml.load(readFileSync(kubeconfigPath, 'utf8')) as {
    clusters: { cluster: { 'certificate-authority-data': string } }[]
    users: {
      name: string
      user: { 'client-certificate-data': string; 'client-key-data': string }
    }[]
  }
  const user = config.users.find(u => u.name === 'differ')
  if (!user) throw new Error('the kubeconfig has no differ user')
  const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8')
  return {
    server,
    ca: decode(config.clusters[0]?.cluster['certificate-authority-data'] ?? ''),
    cert: decode(user.user['client-certificate-data']),
    key: decode(user.user['client-key-data'])
  }
}

/** Waits until the controllers are done with the new Deployments (a ReplicaSet each), so the runs share a quiet cluster. */
async function settle(kubectl: string, kc: string[], prefix: string, deployments: number) {
  for (let tries = 0; tries < 120; tries++) {
    let ready = 0
    for (let n = 0; n < NAMESPACES; n++) {
      const { stdout } = await run(
        kubectl,
        [...kc, '-n', namespaceName(prefix, n), 'get', 'replicasets', '-o', 'name'],
        { maxBuffer: 1 << 26 }
      )
      ready += stdout.split('\n').filter(Boolean).length
    }
    if (ready >= deployments) break
    await new Promise(resolve => setTimeout(resolve, 1000))
  }
  await new Promise(resolve => setTimeout(resolve, 5000))
}

async function inParallel<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<unknown>
) {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++] as T)
    })
  )
}
