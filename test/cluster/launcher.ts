// Starts a real, throw-away Kubernetes control plane on 127.0.0.1: etcd,
// kube-apiserver and kube-controller-manager, built by build-tools.sh. No
// kubelet, so Pods never run, but everything the API server and controllers do
// (defaulting, validation, admission, RBAC, server-side apply, ReplicaSets,
// garbage collection, namespace deletion) is the real thing.
//
// Nothing is left behind: components run in their own process groups, are
// stopped by stop(), by SIGINT/SIGTERM/SIGHUP or exit of the launching process,
// and — should the launcher die without running any handler (SIGKILL) — by a
// small watchdog process that notices its stdin pipe closing.

import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { generateKeyPair, randomBytes } from 'node:crypto'
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  accessSync,
  constants as fsConstants
} from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { request as httpsRequest } from 'node:https'
import { request as httpRequest } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)
const generateKeyPairAsync = promisify(generateKeyPair)

export interface ComponentInfo {
  name: string
  pid: number
  binary: string
  logFile: string
}

export interface StartClusterOptions {
  /** Directory holding etcd, kube-apiserver and kube-controller-manager. Default: $KUBE_DRIFT_BIN_DIR, else build-tools.sh. */
  binDir?: string
  /** Progress messages. Default: prefixed lines on stderr. */
  log?: (message: string) => void
  /** How long each component may take to become ready. Default 60 s. */
  readyTimeoutMs?: number
  /** Install SIGINT/SIGTERM/SIGHUP handlers that stop the cluster and then re-raise. Default true. */
  handleSignals?: boolean
  /** Aborts a start in progress (everything started so far is stopped; startCluster rejects). */
  abortSignal?: AbortSignal
  /** Called for every process started (watchdog and components), e.g. to record pids. */
  onSpawn?: (component: ComponentInfo, dir: string) => void
}

export interface RunningCluster {
  /** Kubeconfig (mode 0600) with contexts admin (current), reader and differ. */
  kubeconfigPath: string
  /** Temporary directory holding certificates, data, logs and the kubeconfig. */
  dir: string
  /** https://127.0.0.1:PORT */
  server: string
  /** gitVersion reported by /version, e.g. v1.35.4. */
  version: string
  components: ComponentInfo[]
  /** Stops every process (SIGTERM, SIGKILL after 5 s) and removes dir. Idempotent. */
  stop(): Promise<void>
}

export const CONTEXTS = ['admin', 'reader', 'differ'] as const
export type ContextName = (typeof CONTEXTS)[number]

const here = fileURLToPath(new URL('.', import.meta.url))
export const BUILD_TOOLS_SCRIPT = join(here, 'build-tools.sh')
const BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager'] as const
const SERVICE_CIDR = '10.0.0.0/24'
const SERVICE_IP = '10.0.0.1'
const ISSUER = 'https://kubernetes.default.svc.cluster.local'
const STOP_GRACE_MS = 5000

/** Where global-setup records the integration cluster's kubeconfig path for test workers. */
export function testKubeconfigPointerFile(): string {
  return join(tmpdir(), 'kube-drift-test-kubeconfig-path')
}

/** Kubernetes version pinned in versions.env, e.g. v1.35.4. */
export function pinnedKubernetesVersion(): string {
  const text = readFileSync(join(here, 'versions.env'), 'utf8')
  const match = /^KUBERNETES_VERSION=(\S+)/m.exec(text)
  if (!match?.[1]) throw new Error('KUBERNETES_VERSION not found in test/cluster/versions.env')
  return match[1]
}

function defaultLog(message: string): void {
  process.stderr.write(`[kube-drift-cluster] ${message}\n`)
}

// ---------------------------------------------------------------- binaries

/** The directory holding the control plane binaries: $KUBE_DRIFT_BIN_DIR or build-tools.sh's answer. */
export async function resolveBinDir(log: (message: string) => void = defaultLog): Promise<string> {
  let dir = process.env.KUBE_DRIFT_BIN_DIR
  if (!dir) {
    log(`locating binaries with ${BUILD_TOOLS_SCRIPT} (a cold build takes several minutes)`)
    dir = await new Promise<string>((resolve, reject) => {
      const child = spawn('bash', [BUILD_TOOLS_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] })
      let out = ''
      child.stdout.setEncoding('utf8')
      child.stdout.on('data', (chunk: string) => (out += chunk))
      child.once('error', reject)
      child.once('close', code => {
        const last = out.trim().split('\n').pop()?.trim()
        if (code === 0 && last) resolve(last)
        else reject(new Error(`${BUILD_TOOLS_SCRIPT} failed (exit ${code}); see its output above`))
      })
    })
  }
  for (const name of BINARIES) {
    try {
      accessSync(join(dir, name), fsConstants.X_OK)
    } catch {
      throw new Error(
        `${name} not found or not executable in ${dir} (run: bash ${BUILD_TOOLS_SCRIPT})`
      )
    }
  }
  return dir
}

// ---------------------------------------------------------------- certificates

interface Pki {
  caCert: string
  caKey: string
  serverCert: string
  serverKey: string
  saPublic: string
  saPrivate: string
  clients: Record<
    ContextName | 'controller-manager' | 'front-proxy-client',
    { cert: string; key: string }
  >
}

interface CertSpec {
  name: string
  cn: string
  o?: string
  server?: boolean
}

async function generatePki(pkiDir: string): Promise<Pki> {
  mkdirSync(pkiDir, { recursive: true, mode: 0o700 })
  const file = (name: string) => join(pkiDir, name)
  const openssl = (args: string[]) => execFileAsync('openssl', args, { cwd: pkiDir })

  // The CA, with a self-contained config so the system openssl.cnf plays no part.
  await writeFile(
    file('ca.cnf'),
    [
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      '[dn]',
      'CN = kube-drift-ca',
      '[ext]',
      'basicConstraints = critical,CA:TRUE',
      'keyUsage = critical,keyCertSign,cRLSign,digitalSignature',
      'subjectKeyIdentifier = hash',
      ''
    ].join('\n')
  )
  await openssl([
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-out',
    'ca.key'
  ])
  await openssl(
    ['req', '-x509', '-new', '-config', 'ca.cnf', '-extensions', 'ext', '-key', 'ca.key'].concat([
      '-days',
      '365',
      '-out',
      'ca.crt'
    ])
  )

  const specs: CertSpec[] = [
    { name: 'apiserver', cn: 'kube-apiserver', server: true },
    { name: 'admin', cn: 'kube-drift-admin', o: 'system:masters' },
    { name: 'reader', cn: 'reader' },
    { name: 'differ', cn: 'differ' },
    { name: 'controller-manager', cn: 'system:kube-controller-manager' },
    // The API server's identity towards aggregated API servers (and the request-header
    // CA that kube-controller-manager's delegated authentication looks up).
    { name: 'front-proxy-client', cn: 'front-proxy-client' }
  ]
  const sans = [
    'IP:127.0.0.1',
    `IP:${SERVICE_IP}`,
    'DNS:localhost',
    'DNS:kubernetes',
    'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc',
    'DNS:kubernetes.default.svc.cluster.local'
  ]
  const sign = async (spec: CertSpec) => {
    const cnf = [
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      '[dn]',
      ...(spec.o ? [`O = ${spec.o}`] : []),
      `CN = ${spec.cn}`,
      '[ext]',
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage = ${spec.server ? 'serverAuth' : 'clientAuth'}`,
      'authorityKeyIdentifier = keyid',
      ...(spec.server ? [`subjectAltName = ${sans.join(',')}`] : []),
      ''
    ].join('\n')
    await writeFile(file(`${spec.name}.cnf`), cnf)
    await openssl([
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      `${spec.name}.key`
    ])
    await openssl([
      'req',
      '-new',
      '-config',
      `${spec.name}.cnf`,
      '-key',
      `${spec.name}.key`,
      '-out',
      `${spec.name}.csr`
    ])
    await openssl([
      'x509',
      '-req',
      '-in',
      `${spec.name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-set_serial',
      `0x${randomBytes(16).toString('hex')}`,
      '-days',
      '365',
      '-extfile',
      `${spec.name}.cnf`,
      '-extensions',
      'ext',
      '-out',
      `${spec.name}.crt`
    ])
  }
  const serviceAccountKey = async () => {
    const { publicKey, privateKey } = await generateKeyPairAsync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
    })
    await writeFile(file('sa.pub'), publicKey, { mode: 0o600 })
    await writeFile(file('sa.key'), privateKey, { mode: 0o600 })
  }
  await Promise.all([...specs.map(sign), serviceAccountKey()])

  const pair = (name: string) => ({ cert: file(`${name}.crt`), key: file(`${name}.key`) })
  return {
    caCert: file('ca.crt'),
    caKey: file('ca.key'),
    serverCert: file('apiserver.crt'),
    serverKey: file('apiserver.key'),
    saPublic: file('sa.pub'),
    saPrivate: file('sa.key'),
    clients: {
      admin: pair('admin'),
      reader: pair('reader'),
      differ: pair('differ'),
      'controller-manager': pair('controller-manager'),
      'front-proxy-client': pair('front-proxy-client')
    }
  }
}

// ---------------------------------------------------------------- kubeconfig

function b64File(path: string): string {
  return readFileSync(path).toString('base64')
}

function kubeconfigYaml(
  server: string,
  caCert: string,
  users: { name: string; cert: string; key: string }[],
  current: string
): string {
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - name: kube-drift',
    '    cluster:',
    `      server: ${server}`,
    `      certificate-authority-data: ${b64File(caCert)}`,
    'users:'
  ]
  for (const user of users) {
    lines.push(
      `  - name: ${user.name}`,
      '    user:',
      `      client-certificate-data: ${b64File(user.cert)}`,
      `      client-key-data: ${b64File(user.key)}`
    )
  }
  lines.push('contexts:')
  for (const user of users) {
    lines.push(
      `  - name: ${user.name}`,
      '    context:',
      '      cluster: kube-drift',
      `      user: ${user.name}`
    )
  }
  lines.push(`current-context: ${current}`, 'preferences: {}', '')
  return lines.join('\n')
}

function writePrivateFile(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 })
  chmodSync(path, 0o600)
}

// ---------------------------------------------------------------- networking

/** Free TCP ports on 127.0.0.1 (held open together so they are distinct, then released). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer()
          server.once('error', reject)
          server.listen(0, '127.0.0.1', () => resolve(server))
        })
    )
  )
  const ports = servers.map(server => {
    const address = server.address()
    if (address === null || typeof address === 'string')
      throw new Error('unexpected server address')
    return address.port
  })
  await Promise.all(servers.map(server => new Promise(resolve => server.close(resolve))))
  return ports
}

interface TlsClient {
  ca: Buffer
  cert: Buffer
  key: Buffer
}

interface HttpResult {
  status: number
  body: string
}

function httpCall(
  url: string,
  options: { method?: string; body?: unknown; tls?: TlsClient; timeoutMs?: number } = {}
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (payload !== undefined) headers['Content-Type'] = 'application/json'
    const requestFn = url.startsWith('https:') ? httpsRequest : httpRequest
    const req = requestFn(
      url,
      {
        method: options.method ?? 'GET',
        headers,
        ...(options.tls
          ? { ca: options.tls.ca, cert: options.tls.cert, key: options.tls.key }
          : {}),
        timeout: options.timeoutMs ?? 5000
      },
      res => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        res.on('error', reject)
      }
    )
    req.on('timeout', () => req.destroy(new Error(`timeout calling ${url}`)))
    req.on('error', reject)
    req.end(payload)
  })
}

// ---------------------------------------------------------------- processes

interface Component extends ComponentInfo {
  child: ChildProcess
  exited: Promise<void>
  exitDescription?: string
}

function tailFile(path: string, lines = 25): string {
  try {
    const text = readFileSync(path, 'utf8').trimEnd()
    return text.split('\n').slice(-lines).join('\n')
  } catch (error) {
    return `(no log: ${(error as Error).message})`
  }
}

/** A zombie has exited; only its parent (or init) has yet to reap it. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z'
  } catch {
    return false
  }
}

/** Whether the process group still has a live member (a zombie leader counts as gone). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  return !isZombie(pgid)
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal)
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Waits for promise, at most ms, leaving no timer behind (a pending one would keep the process alive). */
async function within(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([promise, new Promise<void>(resolve => (timer = setTimeout(resolve, ms)))])
  clearTimeout(timer)
}

function startComponent(name: string, binary: string, args: string[], dir: string): Component {
  const logFile = join(dir, 'logs', `${name}.log`)
  const fd = openSync(logFile, 'a', 0o600)
  let child: ChildProcess
  try {
    // detached: its own session and process group, so a terminal's Ctrl-C reaches the
    // launcher (which stops everything in order) and stop() can signal the whole group.
    child = spawn(binary, args, { cwd: dir, detached: true, stdio: ['ignore', fd, fd] })
  } finally {
    closeSync(fd)
  }
  const component: Component = {
    name,
    binary,
    logFile,
    pid: child.pid ?? -1,
    child,
    exited: Promise.resolve()
  }
  component.exited = new Promise<void>(resolve => {
    child.once('exit', (code, signal) => {
      component.exitDescription = signal ? `killed by ${signal}` : `exited with code ${code}`
      resolve()
    })
    child.once('error', error => {
      component.exitDescription = `failed to start: ${error.message}`
      resolve()
    })
  })
  return component
}

async function stopComponent(component: Component): Promise<void> {
  if (component.pid <= 0) return
  signalGroup(component.pid, 'SIGTERM')
  const deadline = Date.now() + STOP_GRACE_MS
  let killed = false
  for (;;) {
    const running = component.exitDescription === undefined
    if (!running && !groupAlive(component.pid)) return
    if (!killed && Date.now() >= deadline) {
      signalGroup(component.pid, 'SIGKILL')
      killed = true
    }
    if (killed && Date.now() >= deadline + STOP_GRACE_MS) {
      throw new Error(`${component.name} (pid ${component.pid}) did not exit after SIGKILL`)
    }
    await within(component.exited, 100)
  }
}

// The watchdog outlives a launcher killed without running any handler: when its stdin
// (a pipe from the launcher) closes without "disarm", it stops the recorded process
// groups and removes the directory. CommonJS, no dependencies.
const WATCHDOG_SOURCE = `
const fs = require('node:fs')
const groups = []
let dir = ''
let disarmed = false
let buffer = ''
for (const s of ['SIGINT', 'SIGHUP', 'SIGTERM']) process.on(s, () => {})
const zombie = p => { try { const s = fs.readFileSync('/proc/' + p + '/stat', 'utf8'); return s[s.lastIndexOf(')') + 2] === 'Z' } catch { return false } }
const alive = g => { try { process.kill(-g, 0) } catch (e) { if (e.code !== 'EPERM') return false } return !zombie(g) }
const signal = (g, s) => { try { process.kill(-g, s) } catch {} }
let cleaning = false
function cleanup() {
  if (disarmed) process.exit(0)
  if (cleaning) return
  cleaning = true
  // Reverse start order, like stop(): the API server shuts down faster with etcd still up.
  const order = groups.slice().reverse()
  const next = () => {
    const g = order.shift()
    if (g === undefined) {
      if (dir) fs.rmSync(dir, { recursive: true, force: true })
      process.exit(0)
    }
    signal(g, 'SIGTERM')
    const start = Date.now()
    let killed = false
    const timer = setInterval(() => {
      if (!alive(g)) {
        clearInterval(timer)
        next()
      } else if (!killed && Date.now() - start > ${STOP_GRACE_MS}) {
        signal(g, 'SIGKILL')
        killed = true
      } else if (Date.now() - start > ${STOP_GRACE_MS + 3000}) {
        clearInterval(timer) // a zombie nobody reaps: nothing more to do
        next()
      }
    }, 50)
  }
  next()
}
process.stdin.setEncoding('utf8')
process.stdin.on('data', chunk => {
  buffer += chunk
  let i
  while ((i = buffer.indexOf('\\n')) >= 0) {
    const line = buffer.slice(0, i)
    buffer = buffer.slice(i + 1)
    const space = line.indexOf(' ')
    const cmd = space < 0 ? line : line.slice(0, space)
    const arg = space < 0 ? '' : line.slice(space + 1)
    if (cmd === 'dir') dir = arg
    else if (cmd === 'pid') groups.push(Number(arg))
    else if (cmd === 'disarm') disarmed = true
  }
})
process.stdin.on('end', cleanup)
process.stdin.on('error', cleanup)
`

interface Watchdog extends Component {
  tell(line: string): void
}

function startWatchdog(dir: string): Watchdog {
  const logFile = join(dir, 'logs', 'watchdog.log')
  const fd = openSync(logFile, 'a', 0o600)
  let child: ChildProcess
  try {
    child = spawn(process.execPath, ['--input-type=commonjs', '-e', WATCHDOG_SOURCE], {
      detached: true,
      stdio: ['pipe', 'ignore', fd]
    })
  } finally {
    closeSync(fd)
  }
  child.unref()
  const stdin = child.stdin
  // Do not let the pipe keep the launching process alive.
  ;(stdin as unknown as { unref?: () => void } | null)?.unref?.()
  stdin?.on('error', () => {})
  const watchdog: Watchdog = {
    name: 'watchdog',
    binary: process.execPath,
    logFile,
    pid: child.pid ?? -1,
    child,
    exited: Promise.resolve(),
    tell: line => {
      if (stdin && !stdin.destroyed && stdin.writable) stdin.write(`${line}\n`)
    }
  }
  watchdog.exited = new Promise<void>(resolve => {
    child.once('exit', (code, signal) => {
      watchdog.exitDescription = signal ? `killed by ${signal}` : `exited with code ${code}`
      resolve()
    })
    child.once('error', error => {
      watchdog.exitDescription = `failed to start: ${error.message}`
      resolve()
    })
  })
  watchdog.tell(`dir ${dir}`)
  return watchdog
}

// ---------------------------------------------------------------- process-wide cleanup

interface Active {
  dir: string
  groups: () => number[]
  stop: () => Promise<void>
}

const active = new Set<Active>()
let handlersInstalled = false
const signalNumbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }

function onExitSync(): void {
  // Last resort, synchronous: no graceful shutdown possible inside 'exit'.
  for (const entry of active) {
    for (const pgid of entry.groups()) signalGroup(pgid, 'SIGKILL')
    rmSync(entry.dir, { recursive: true, force: true })
  }
  active.clear()
}

function onSignal(signal: NodeJS.Signals): void {
  const wanted = [...active]
  defaultLog(`${signal} received: stopping ${wanted.length} local cluster(s)`)
  void Promise.allSettled(wanted.map(entry => entry.stop())).then(() => {
    uninstallSignalHandlers()
    // Do not swallow the signal: with nobody else listening, re-raise it for the
    // default action; otherwise exit the way the default action would have.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
    else process.exit(128 + (signalNumbers[signal] ?? 1))
  })
}

const signalHandlers = new Map<NodeJS.Signals, () => void>()

function installHandlers(withSignals: boolean): void {
  if (!handlersInstalled) {
    process.on('exit', onExitSync)
    handlersInstalled = true
  }
  if (withSignals && signalHandlers.size === 0) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as NodeJS.Signals[]) {
      const handler = () => onSignal(signal)
      signalHandlers.set(signal, handler)
      process.once(signal, handler)
    }
  }
}

function uninstallSignalHandlers(): void {
  for (const [signal, handler] of signalHandlers) process.removeListener(signal, handler)
  signalHandlers.clear()
}

// ---------------------------------------------------------------- the cluster

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const reason: unknown = signal.reason
    throw new Error(`start aborted: ${reason instanceof Error ? reason.message : String(reason)}`)
  }
}

async function waitUntil(
  what: string,
  component: Component,
  timeoutMs: number,
  abortSignal: AbortSignal | undefined,
  check: () => Promise<boolean>
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError = ''
  for (;;) {
    throwIfAborted(abortSignal)
    if (component.exitDescription !== undefined) {
      throw new Error(
        `${component.name} ${component.exitDescription} while waiting for ${what}; last lines of ${component.logFile}:\n${tailFile(component.logFile)}`
      )
    }
    try {
      if (await check()) return
    } catch (error) {
      lastError = (error as Error).message
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}; last lines of ${component.logFile}:\n${tailFile(component.logFile)}`
      )
    }
    await sleep(250)
  }
}

export async function startCluster(options: StartClusterOptions = {}): Promise<RunningCluster> {
  const log = options.log ?? defaultLog
  const timeoutMs = options.readyTimeoutMs ?? 60_000
  const began = Date.now()
  const elapsed = () => `${((Date.now() - began) / 1000).toFixed(1)}s`

  const binDir = options.binDir ?? (await resolveBinDir(log))
  const dir = await mkdtemp(join(tmpdir(), 'kube-drift-cluster-'))
  mkdirSync(join(dir, 'logs'), { mode: 0o700 })
  log(`starting a local control plane in ${dir} (binaries: ${binDir})`)

  const components: Component[] = []
  let watchdog: Watchdog | undefined
  let stopping: Promise<void> | undefined
  const entry: Active = {
    dir,
    groups: () =>
      [...components, ...(watchdog ? [watchdog] : [])].map(c => c.pid).filter(p => p > 0),
    stop: () => stop()
  }
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      log(`stopping the local control plane in ${dir}`)
      // Reverse start order: controller-manager, then API server, then etcd.
      const errors: unknown[] = []
      for (const component of [...components].reverse()) {
        try {
          await stopComponent(component)
        } catch (error) {
          errors.push(error)
        }
      }
      if (watchdog) {
        watchdog.tell('disarm')
        watchdog.child.stdin?.end()
        await within(watchdog.exited, 2000)
        await stopComponent(watchdog).catch(error => errors.push(error))
      }
      rmSync(dir, { recursive: true, force: true })
      active.delete(entry)
      if (active.size === 0) uninstallSignalHandlers()
      if (errors.length > 0) throw new AggregateError(errors, 'some components did not stop')
      log(`stopped; removed ${dir}`)
    })()
    return stopping
  }
  active.add(entry)
  installHandlers(options.handleSignals ?? true)

  const track = (component: Component) => {
    if (component !== watchdog) {
      components.push(component)
      watchdog?.tell(`pid ${component.pid}`)
    }
    options.onSpawn?.(
      {
        name: component.name,
        pid: component.pid,
        binary: component.binary,
        logFile: component.logFile
      },
      dir
    )
    if (component.pid <= 0) {
      throw new Error(
        `could not start ${component.binary}: ${component.exitDescription ?? 'no pid'}`
      )
    }
  }

  try {
    watchdog = startWatchdog(dir)
    track(watchdog)

    const pki = await generatePki(join(dir, 'pki'))
    const tls: TlsClient = {
      ca: readFileSync(pki.caCert),
      cert: readFileSync(pki.clients.admin.cert),
      key: readFileSync(pki.clients.admin.key)
    }
    log(`${elapsed()} certificates ready`)
    throwIfAborted(options.abortSignal)

    const [etcdClient, etcdPeer, apiPort, kcmPort] = (await freePorts(4)) as [
      number,
      number,
      number,
      number
    ]
    const server = `https://127.0.0.1:${apiPort}`

    // etcd: client and peer listeners on 127.0.0.1 only; no metrics listener (the
    // default --listen-metrics-urls is empty); fsync off, the data is thrown away.
    const etcdUrl = `http://127.0.0.1:${etcdClient}`
    const peerUrl = `http://127.0.0.1:${etcdPeer}`
    const etcd = startComponent(
      'etcd',
      join(binDir, 'etcd'),
      [
        '--name=kube-drift',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=kube-drift=${peerUrl}`,
        '--initial-cluster-state=new',
        '--unsafe-no-fsync',
        '--log-level=warn'
      ],
      dir
    )
    track(etcd)
    await waitUntil('etcd /health', etcd, timeoutMs, options.abortSignal, async () => {
      const res = await httpCall(`${etcdUrl}/health`)
      return res.status === 200 && /"health":\s*"true"/.test(res.body)
    })
    log(`${elapsed()} etcd ready on ${etcdUrl}`)

    // kube-apiserver: one secure listener on 127.0.0.1 (the insecure port no longer
    // exists). The endpoint reconciler is off: Endpoints may not hold a loopback
    // address, so the "kubernetes" Endpoints could never be written.
    const apiserver = startComponent(
      'kube-apiserver',
      join(binDir, 'kube-apiserver'),
      [
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--etcd-servers=${etcdUrl}`,
        `--cert-dir=${join(dir, 'apiserver-certs')}`,
        `--tls-cert-file=${pki.serverCert}`,
        `--tls-private-key-file=${pki.serverKey}`,
        `--client-ca-file=${pki.caCert}`,
        '--authorization-mode=Node,RBAC',
        `--service-account-issuer=${ISSUER}`,
        `--service-account-key-file=${pki.saPublic}`,
        `--service-account-signing-key-file=${pki.saPrivate}`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        `--requestheader-client-ca-file=${pki.caCert}`,
        '--requestheader-allowed-names=front-proxy-client',
        '--requestheader-username-headers=X-Remote-User',
        '--requestheader-group-headers=X-Remote-Group',
        '--requestheader-extra-headers-prefix=X-Remote-Extra-',
        `--proxy-client-cert-file=${pki.clients['front-proxy-client'].cert}`,
        `--proxy-client-key-file=${pki.clients['front-proxy-client'].key}`,
        '--endpoint-reconciler-type=none',
        '--allow-privileged=true',
        '--profiling=false'
      ],
      dir
    )
    track(apiserver)
    await waitUntil(
      'kube-apiserver /readyz',
      apiserver,
      timeoutMs,
      options.abortSignal,
      async () => {
        const res = await httpCall(`${server}/readyz`, { tls })
        return res.status === 200
      }
    )
    log(`${elapsed()} kube-apiserver ready on ${server}`)

    const versionRes = await httpCall(`${server}/version`, { tls })
    const version = (JSON.parse(versionRes.body) as { gitVersion?: string }).gitVersion ?? 'unknown'

    // kube-controller-manager, with its own identity; its secure (health) listener on
    // 127.0.0.1 and a free port; no leader election for a single instance.
    const kcmKubeconfig = join(dir, 'controller-manager.kubeconfig')
    writePrivateFile(
      kcmKubeconfig,
      kubeconfigYaml(
        server,
        pki.caCert,
        [{ name: 'controller-manager', ...pki.clients['controller-manager'] }],
        'controller-manager'
      )
    )
    const kcm = startComponent(
      'kube-controller-manager',
      join(binDir, 'kube-controller-manager'),
      [
        `--kubeconfig=${kcmKubeconfig}`,
        `--authentication-kubeconfig=${kcmKubeconfig}`,
        `--authorization-kubeconfig=${kcmKubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${kcmPort}`,
        `--cert-dir=${join(dir, 'controller-manager-certs')}`,
        `--service-account-private-key-file=${pki.saPrivate}`,
        `--root-ca-file=${pki.caCert}`,
        '--use-service-account-credentials=true',
        '--controllers=*',
        '--leader-elect=false',
        '--cluster-name=kube-drift',
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        '--profiling=false'
      ],
      dir
    )
    track(kcm)
    await waitUntil(
      'kube-controller-manager (the default ServiceAccount)',
      kcm,
      timeoutMs,
      options.abortSignal,
      async () => {
        const res = await httpCall(`${server}/api/v1/namespaces/default/serviceaccounts/default`, {
          tls
        })
        return res.status === 200
      }
    )
    log(`${elapsed()} kube-controller-manager ready`)

    throwIfAborted(options.abortSignal)
    await createRbac(server, tls)

    const kubeconfigPath = join(dir, 'kubeconfig')
    writePrivateFile(
      kubeconfigPath,
      kubeconfigYaml(
        server,
        pki.caCert,
        CONTEXTS.map(name => ({ name, ...pki.clients[name] })),
        'admin'
      )
    )
    log(`${elapsed()} ready: ${version} at ${server}, kubeconfig ${kubeconfigPath}`)

    return {
      kubeconfigPath,
      dir,
      server,
      version,
      components: components.map(({ name, pid, binary, logFile }) => ({
        name,
        pid,
        binary,
        logFile
      })),
      stop
    }
  } catch (error) {
    log(`start failed after ${elapsed()}: ${(error as Error).message.split('\n')[0]}`)
    await stop().catch(stopError =>
      log(`cleanup after the failure: ${(stopError as Error).message}`)
    )
    throw error
  }
}

async function createRbac(server: string, tls: TlsClient): Promise<void> {
  const create = async (path: string, body: unknown) => {
    const res = await httpCall(`${server}${path}`, { method: 'POST', body, tls })
    if (res.status !== 201 && res.status !== 409) {
      throw new Error(`POST ${path} failed with ${res.status}: ${res.body}`)
    }
  }
  const roles: { name: string; user: string; rules: unknown[] }[] = [
    {
      name: 'kube-drift-reader',
      user: 'reader',
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
        { nonResourceURLs: ['*'], verbs: ['get'] }
      ]
    },
    {
      name: 'kube-drift-differ',
      user: 'differ',
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch', 'patch', 'create'] }
      ]
    }
  ]
  for (const role of roles) {
    await create('/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: role.name },
      rules: role.rules
    })
    await create('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: role.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: role.user }]
    })
  }
}

/** True when the process exists and, where /proc tells, runs the expected program. */
export function processMatches(pid: number, expect?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  if (isZombie(pid)) return false
  if (!expect) return true
  const cmdlinePath = `/proc/${pid}/cmdline`
  if (!existsSync('/proc/self/cmdline')) return true
  try {
    return readFileSync(cmdlinePath, 'utf8').split('\0').join(' ').includes(expect)
  } catch {
    return false
  }
}

export { groupAlive, signalGroup, sleep, tailFile }
