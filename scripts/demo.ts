// The newcomer's tour: start a local control plane, deploy the guestbook example
// the way teams do (kubectl apply --server-side), drift it the way people do
// (scale, set image, edit, patch, delete, create by hand), run the bundled CLI,
// print the report and write demo-report.md and demo-report.json.
import { execFileSync, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { startCluster } from '../test/cluster/launcher.ts'
import { toolPath } from '../test/cluster/tools.ts'

const EXAMPLE = 'examples/guestbook'
const SELECTOR = 'app.kubernetes.io/part-of=guestbook'

const cluster = await startCluster()
try {
  const kubectl = (args: string[], env: Record<string, string> = {}): string =>
    execFileSync(toolPath('kubectl'), ['--kubeconfig', cluster.kubeconfigPath, ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit']
    })
  const step = (what: string, args: string[], env?: Record<string, string>): void => {
    console.error(`\n$ kubectl ${args.join(' ')}   # ${what}`)
    process.stderr.write(kubectl(args, env))
  }

  step('deploy from Git', ['apply', '--server-side', '-f', EXAMPLE])
  step('someone scales by hand', [
    '-n',
    'guestbook',
    'scale',
    'deployment/frontend',
    '--replicas=5'
  ])
  step('a hotfix image', [
    '-n',
    'guestbook',
    'set',
    'image',
    'deployment/redis',
    'redis=registry.example.com/guestbook/redis:7.2-hotfix'
  ])
  // A real `kubectl edit`, with sed as the editor: adds an env var Git does not have.
  step(
    'debugging switched on with kubectl edit',
    ['-n', 'guestbook', 'edit', 'deployment/frontend'],
    {
      KUBE_EDITOR: `sed -i 's/^\\(\\s*\\)- name: GET_HOSTS_FROM/\\1- name: DEBUG\\n\\1  value: "true"\\n&/'`
    }
  )
  step('a label added', ['-n', 'guestbook', 'label', 'deployment/frontend', 'owner=night-shift'])
  step('a config value patched', [
    '-n',
    'guestbook',
    'patch',
    'configmap/frontend-config',
    '-p',
    '{"data":{"MAX_ENTRIES":"500"}}'
  ])
  step('the secret rotated by hand', [
    '-n',
    'guestbook',
    'patch',
    'secret/redis-auth',
    '-p',
    '{"stringData":{"password":"rotated-by-hand"}}'
  ])
  step('a service deleted', ['-n', 'guestbook', 'delete', 'service/redis'])
  step('a config map created by hand', [
    '-n',
    'guestbook',
    'create',
    'configmap',
    'hotfix-flags',
    '--from-literal=FEATURE_X=on'
  ])
  step('… carrying the app label', [
    '-n',
    'guestbook',
    'label',
    'configmap/hotfix-flags',
    'app.kubernetes.io/part-of=guestbook'
  ])

  const check = (output: string): { stdout: string; status: number | null } => {
    const result = spawnSync(
      process.execPath,
      [
        'dist/cli.js',
        'check',
        '--path',
        EXAMPLE,
        '--selector',
        SELECTOR,
        '--kubeconfig',
        cluster.kubeconfigPath,
        '--context',
        'differ',
        '--output',
        output,
        '--quiet'
      ],
      { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '1' } }
    )
    if (result.status === 1) throw new Error(`kube-drift failed:\n${result.stderr}`)
    return { stdout: result.stdout, status: result.status }
  }
  console.error(`\n$ kube-drift check --path ${EXAMPLE} --selector ${SELECTOR} --context differ\n`)
  const text = check('text')
  process.stdout.write(text.stdout)
  writeFileSync('demo-report.md', check('markdown').stdout)
  writeFileSync('demo-report.json', check('json').stdout)
  console.error(
    `\nexit code ${text.status} (2 = drift found). Wrote demo-report.md and demo-report.json.`
  )
} finally {
  await cluster.stop()
}
