// Benchmark: kube-drift check against `kubectl diff --server-side` on the same
// N objects (default 1,000: Deployments, Services, ConfigMaps, Secrets) on the
// local control plane, 5 % of them drifted. Prints the wall times, the ratio,
// the requests each sent and the peak memory. A benchmark, not a test: it
// asserts nothing but that both tools found the drift.
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startCluster } from '../test/cluster/launcher.ts'
import { toolPath } from '../test/cluster/tools.ts'

const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: process.env.BENCH_OBJECTS ?? '1000' },
    drift: { type: 'string', default: '0.05' },
    runs: { type: 'string', default: '3' }
  }
})
const total = Number(values.objects)
const driftShare = Number(values.drift)
const runs = Number(values.runs)
const NS = 'bench'

function manifests(n: number): string {
  const docs: string[] = [`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${NS}\n`]
  for (let i = 0; docs.length <= n; i++) {
    const name = `app-${String(i).padStart(4, '0')}`
    docs.push(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${NS}\n  labels: {app: ${name}, bench: "true"}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/${name}:1.0\n          env: [{name: MODE, value: production}]\n          resources: {requests: {cpu: 0.1, memory: 64Mi}}\n`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${NS}\n  labels: {bench: "true"}\nspec:\n  selector: {app: ${name}}\n  ports: [{port: 80, targetPort: 8080}]\n`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${NS}\n  labels: {bench: "true"}\ndata:\n  LOG_LEVEL: info\n  RETRIES: "3"\n`,
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: ${NS}\n  labels: {bench: "true"}\nstringData:\n  password: bench-${i}\n`
    )
  }
  return docs.slice(0, n + 1).join('---\n')
}

interface Measured {
  seconds: number
  maxRssMiB?: number
  requests?: number
  exitCode: number | null
  stderr: string
}

/** Runs a command, wall-clocked; GNU time gives the peak memory when installed. */
function measure(command: string, args: string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, KUBE_DRIFT_STATS: '1' }
    })
    let stderr = ''
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('error', reject)
    child.on('close', exitCode => {
      const seconds = (performance.now() - started) / 1000
      const stats = /kube-drift-stats (\{.*\})/.exec(stderr)
      const parsed = stats
        ? (JSON.parse(stats[1] as string) as { requests: number; maxRssKiB: number })
        : undefined
      const gnuTime = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)
      resolve({
        seconds,
        exitCode,
        stderr,
        requests: parsed?.requests,
        maxRssMiB: parsed
          ? parsed.maxRssKiB / 1024
          : gnuTime
            ? Number(gnuTime[1]) / 1024
            : undefined
      })
    })
  })
}

function gnuTime(): string | undefined {
  try {
    execFileSync('/usr/bin/time', ['-v', 'true'], { stdio: 'ignore' })
    return '/usr/bin/time'
  } catch {
    return undefined
  }
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const fmt = (n: number | undefined, unit: string, digits = 2): string =>
  n === undefined ? 'n/a' : `${n.toFixed(digits)}${unit}`

const cluster = await startCluster()
try {
  const kubectl = toolPath('kubectl')
  const kc = ['--kubeconfig', cluster.kubeconfigPath]
  const dir = mkdtempSync(join(tmpdir(), 'kube-drift-bench-'))
  const file = join(dir, 'objects.yaml')
  writeFileSync(file, manifests(total))
  console.error(`bench: applying ${total} objects (+ namespace) with kubectl apply --server-side`)
  execFileSync(kubectl, [...kc, 'apply', '--server-side', '-f', file], {
    stdio: 'ignore',
    maxBuffer: 1 << 26
  })

  const drifted = Math.max(1, Math.round(total * driftShare))
  console.error(
    `bench: drifting ${drifted} objects (${(driftShare * 100).toFixed(1)} %) with kubectl patch/scale`
  )
  const kinds = ['configmap', 'deployment', 'secret', 'service']
  for (let i = 0; i < drifted; i++) {
    const kind = kinds[i % kinds.length] as string
    const name = `app-${String(Math.floor((i * total) / drifted / 4)).padStart(4, '0')}`
    const patch: Record<string, string[]> = {
      configmap: [
        'patch',
        'configmap',
        name,
        '--type=merge',
        '-p',
        '{"data":{"LOG_LEVEL":"debug"}}'
      ],
      deployment: ['scale', 'deployment', name, '--replicas=5'],
      secret: [
        'patch',
        'secret',
        name,
        '--type=merge',
        '-p',
        '{"stringData":{"password":"changed"}}'
      ],
      service: ['label', 'service', name, 'hotfix=yes']
    }
    execFileSync(kubectl, [...kc, '-n', NS, ...(patch[kind] as string[])], { stdio: 'ignore' })
  }

  type Summary = { summary: Record<string, number> }
  /** One `kube-drift check` of the bundled CLI, measured; its JSON report read back. */
  const checkRun = async (name: string, ...extra: string[]): Promise<Measured & Summary> => {
    const out = join(dir, `${name}.json`)
    const args = [
      'check',
      '-p',
      file,
      '--kubeconfig',
      cluster.kubeconfigPath,
      '--context',
      'differ'
    ]
    const measured = await measure(process.execPath, [
      'dist/cli.js',
      ...args,
      '-o',
      'json',
      '--out',
      out,
      '--quiet',
      ...extra
    ])
    return { ...measured, ...(JSON.parse(readFileSync(out, 'utf8')) as Summary) }
  }
  const kubeDrift: (Measured & Summary)[] = []
  for (let i = 0; i < runs; i++) kubeDrift.push(await checkRun(`run-${i}`))
  const report = kubeDrift[0] as Summary
  // The same with every object through the server's dry-run, as kubectl diff does it:
  // what the batching and the concurrency alone are worth.
  const allServer = await checkRun('all-server', '--always-dry-run')
  const allServerReport = allServer as Summary

  const time = gnuTime()
  const diffArgs = [
    ...kc,
    '--context',
    'differ',
    'diff',
    '--server-side',
    '--force-conflicts',
    '-f',
    file,
    '-v=6'
  ]
  console.error('bench: kubectl diff --server-side (one run; -v=6 to count its requests)')
  const diff = time
    ? await measure(time, ['-v', kubectl, ...diffArgs])
    : await measure(kubectl, diffArgs)
  diff.requests =
    (diff.stderr.match(/"Response" verb="|\] (GET|PATCH|POST) https/g) ?? []).length || undefined

  const kd = median(kubeDrift.map(m => m.seconds))
  const kdRequests = kubeDrift[0]?.requests
  const lines = [
    '',
    `Benchmark: ${total} objects (Deployments, Services, ConfigMaps, Secrets), ${drifted} drifted, Kubernetes ${cluster.version}`,
    '',
    '| tool | wall time | requests | peak memory | exit | verdict |',
    '| --- | --- | --- | --- | --- | --- |',
    `| kube-drift check (median of ${runs}) | ${fmt(kd, ' s')} | ${kdRequests ?? 'n/a'} | ${fmt(Math.max(...kubeDrift.map(m => m.maxRssMiB ?? 0)), ' MiB', 0)} | ${kubeDrift[0]?.exitCode} | ${report.summary.drifted} drifted, ${report.summary.inSync} in sync |`,
    `| kube-drift check --always-dry-run | ${fmt(allServer.seconds, ' s')} | ${allServer.requests ?? 'n/a'} | ${fmt(allServer.maxRssMiB, ' MiB', 0)} | ${allServer.exitCode} | ${allServerReport.summary.drifted} drifted, ${allServerReport.summary.inSync} in sync |`,
    `| kubectl diff --server-side | ${fmt(diff.seconds, ' s')} | ${diff.requests ?? 'n/a'} | ${fmt(diff.maxRssMiB, ' MiB', 0)} | ${diff.exitCode} | exit 1 = differences |`,
    '',
    `kube-drift is ${(diff.seconds / kd).toFixed(1)}× faster than kubectl diff --server-side on the same objects (runs: ${kubeDrift.map(m => m.seconds.toFixed(2)).join(', ')} s);`,
    `with every object through the server's dry-run it is still ${(diff.seconds / allServer.seconds).toFixed(1)}× faster.`
  ]
  console.log(lines.join('\n'))
  writeFileSync(
    'bench-report.json',
    JSON.stringify(
      {
        total,
        drifted,
        kubeDrift,
        kubectlDiff: { ...diff, stderr: undefined },
        summary: report.summary
      },
      null,
      2
    )
  )
} finally {
  await cluster.stop()
}
