// Runs one corpus app end to end: deploy it every way at once (one namespace
// each), check it clean with both identities, make every hand edit, check once
// more, and score the reports. The table rows go to stderr and to a file.
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadTargets } from '../../../src/config/load-targets.ts'
import { runCheck } from '../../../src/engine/check.ts'
import type { ResourceResult } from '../../../src/types.ts'
import { testKubeconfigPath } from '../cluster-env.ts'
import type { Context } from '../harness.ts'
import { REPO, usePinnedTools } from '../renderers-harness.ts'
import { DEPLOYER_LABELS, type CorpusApp, type DeployerName, type Edit } from './corpus-app.ts'
import { deploy, generatedNames, kubectlIn, newInstance, type Instance } from './deploy.ts'
import { falseDrift, score, type Score } from './measure.ts'

/** The two comparisons: the server's dry-run (may patch) and the read-only local one. */
export const CORPUS_MODES: Context[] = ['differ', 'reader']

export interface Row extends Score {
  app: string
  deployer: DeployerName
  mode: Context
  resources: number
  /** resources not InSync in the untouched deployment. */
  falseDrift: string[]
}

async function check(instance: Instance, context: Context): Promise<ResourceResult[]> {
  const targets = await loadTargets({
    cwd: REPO,
    paths: [instance.source.path],
    renderer: instance.source.renderer,
    namespace: instance.namespace,
    selector: instance.selector,
    helmRelease: instance.source.release,
    // As the CLI does: charts that use lookup render with the cluster.
    helmLookup: true
  })
  const { report } = await runCheck({
    kubeconfig: { path: testKubeconfigPath(), context },
    targets,
    fieldManager: 'kube-drift',
    concurrency: 4,
    cwd: REPO,
    timeoutMs: 20_000
  })
  return report.targets.flatMap(t => t.resources)
}

/** The app's edits in this deployment's names (instance name, generated suffixes). */
function editsFor(instance: Instance, generated: (text: string) => string): Edit[] {
  const name = (text: string) => generated(instance.rename(text))
  return instance.app.edits.map(edit => ({
    what: edit.what,
    run: edit.run.map(c =>
      Array.isArray(c) ? c.map(name) : { args: c.args.map(name), input: name(c.input) }
    ),
    expect: edit.expect.map(e => ({
      ...e,
      name: name(e.name),
      ...(e.path === undefined ? {} : { path: name(e.path) }),
      ...(e.under === undefined ? {} : { under: name(e.under) }),
      ...(e.shows === undefined ? {} : { shows: name(e.shows) })
    }))
  }))
}

export async function runCorpusApp(app: CorpusApp): Promise<Row[]> {
  usePinnedTools()
  const instances = app.deployers.map(deployer => newInstance(app, deployer))
  const rows = await Promise.all(
    instances.map(async instance => {
      const phases: string[] = []
      let start = Date.now()
      const phase = (name: string) => {
        phases.push(`${name} ${((Date.now() - start) / 1000).toFixed(1)}s`)
        start = Date.now()
      }
      await deploy(instance)
      phase('deploy')
      const clean = new Map<Context, ResourceResult[]>()
      for (const mode of CORPUS_MODES) clean.set(mode, await check(instance, mode))
      phase('clean checks')
      const edits = editsFor(instance, await generatedNames(instance))
      for (const edit of edits) {
        for (const command of edit.run) {
          await kubectlIn(instance.namespace, command)
        }
      }
      phase('edits')
      const out: Row[] = []
      for (const mode of CORPUS_MODES) {
        const resources = clean.get(mode) ?? []
        out.push({
          app: app.name,
          deployer: instance.deployer,
          mode,
          resources: resources.length,
          falseDrift: falseDrift(resources),
          ...score(await check(instance, mode), edits)
        })
      }
      phase('checks after edits')
      process.stderr.write(`[corpus] ${instance.id}: ${phases.join(', ')}\n`)
      return out
    })
  )
  return rows.flat()
}

/** Where the table goes: $KUBE_DRIFT_CORPUS_DIR, else one folder per test cluster under the temp dir. */
export function corpusReportDir(): string {
  const given = process.env.KUBE_DRIFT_CORPUS_DIR
  if (given) return given
  const run = createHash('sha256').update(testKubeconfigPath()).digest('hex').slice(0, 12)
  return path.join(tmpdir(), 'kube-drift-corpus', run)
}

/** Writes the table (and the rows, as JSON) to the corpus dir and prints it with every failure. */
export function publishCorpus(rows: Row[]): void {
  const dir = corpusReportDir()
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'rows.json'), `${JSON.stringify(rows, null, 2)}\n`)
  const table = corpusTable(rows)
  writeFileSync(path.join(dir, 'table.md'), table)
  const details = rows
    .flatMap(r =>
      [...r.falseDrift.map(d => `false drift: ${d}`), ...r.missed.map(d => `missed: ${d}`)]
        .concat(
          r.misattributed.map(d => `misattributed: ${d}`),
          r.noise.map(d => `noise: ${d}`)
        )
        .map(d => `  [${r.app} · ${r.deployer} · ${r.mode}] ${d}`)
    )
    .join('\n')
  process.stderr.write(
    `\n[corpus] ${path.join(dir, 'table.md')}\n${table}${details ? `${details}\n` : ''}`
  )
}

export function corpusTable(rows: Row[]): string {
  const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(0)} %`)
  const sum = (of: Row[], pick: (r: Row) => number) => of.reduce((n, r) => n + pick(r), 0)
  // One table line for rows `of` (one row, or every row of a mode for the totals).
  const line = (labels: string[], of: Row[]) => {
    const edits = sum(of, r => r.edits)
    const found = sum(of, r => r.found)
    const attributable = sum(of, r => r.attributable)
    const attributed = sum(of, r => r.attributed)
    const cells = [
      ...labels,
      sum(of, r => r.resources),
      sum(of, r => r.falseDrift.length),
      edits,
      `${found} (${pct(found, edits)})`,
      `${attributed}/${attributable} (${pct(attributed, attributable)})`,
      sum(of, r => r.noise.length)
    ]
    return `| ${cells.map(c => String(c).replaceAll('|', '\\|')).join(' | ')} |`
  }
  const lines = [
    '| app | deployer | mode | resources | false drift (clean) | edits | found | attributed | noise after edits |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(r => line([r.app, DEPLOYER_LABELS[r.deployer], r.mode], [r])),
    ...CORPUS_MODES.map(mode => {
      const of = rows.filter(r => r.mode === mode)
      const deployments = new Set(of.map(r => `${r.app}/${r.deployer}`)).size
      return line(['**all**', `${deployments} deployments`, mode], of)
    })
  ]
  return `${lines.join('\n')}\n`
}
