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

import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  apiserverFlags,
  controllerManagerFlags,
  etcdFlags,
  SERVICE_IP
} from './control-plane-flags.ts'
import { cleanUpOnExit, forgetOnExit, type CleanupEntry } from './exit-handlers.ts'
import { httpCall, type TlsClient } from './http-client.ts'
import { CONTEXTS, writeKubeconfigFile } from './kubeconfig-file.ts'
import { logToStderr } from './log.ts'
import { generatePki } from './pki.ts'
import {
  freePorts,
  sleep,
  startComponent,
  stopComponent,
  tailFile,
  type Component,
  type ComponentInfo
} from './processes.ts'
import { createRbac } from './rbac.ts'
import { resolveBinDir } from './tools.ts'
import { selectedKubernetes } from './versions.ts'
import { disarmWatchdog, startWatchdog, type Watchdog } from './watchdog.ts'

export { CONTEXTS, type ContextName } from './kubeconfig-file.ts'
export {
  groupAlive,
  processMatches,
  signalGroup,
  sleep,
  tailFile,
  type ComponentInfo
} from './processes.ts'
export { BUILD_TOOLS_SCRIPT, resolveBinDir } from './tools.ts'
export { selectedHelm, selectedKubernetes } from './versions.ts'

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
  /**
   * The gitVersion /version must report, or the start fails (binaries of another
   * minor in binDir). Default: the release KUBE_DRIFT_KUBERNETES chooses; null: any.
   */
  expectVersion?: string | null
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

/** Where global-setup records the integration cluster's kubeconfig path for test workers. */
export function testKubeconfigPointerFile(): string {
  return join(tmpdir(), 'kube-drift-test-kubeconfig-path')
}

/** The Kubernetes release versions.env pins for the minor KUBE_DRIFT_KUBERNETES chooses, e.g. v1.37.2. */
export function pinnedKubernetesVersion(): string {
  return selectedKubernetes().version
}

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
  const log = options.log ?? logToStderr
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
  const entry: CleanupEntry = {
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
        await disarmWatchdog(watchdog)
        await stopComponent(watchdog).catch(error => errors.push(error))
      }
      rmSync(dir, { recursive: true, force: true })
      forgetOnExit(entry)
      if (errors.length > 0) throw new AggregateError(errors, 'some components did not stop')
      log(`stopped; removed ${dir}`)
    })()
    return stopping
  }
  cleanUpOnExit(entry, options.handleSignals ?? true)

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

    const pki = await generatePki(join(dir, 'pki'), SERVICE_IP)
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

    const etcdUrl = `http://127.0.0.1:${etcdClient}`
    const peerUrl = `http://127.0.0.1:${etcdPeer}`
    const etcd = startComponent('etcd', join(binDir, 'etcd'), etcdFlags(dir, etcdUrl, peerUrl), dir)
    track(etcd)
    await waitUntil('etcd /health', etcd, timeoutMs, options.abortSignal, async () => {
      const res = await httpCall(`${etcdUrl}/health`)
      return res.status === 200 && /"health":\s*"true"/.test(res.body)
    })
    log(`${elapsed()} etcd ready on ${etcdUrl}`)

    const apiserver = startComponent(
      'kube-apiserver',
      join(binDir, 'kube-apiserver'),
      apiserverFlags(dir, apiPort, etcdUrl, pki),
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
    const expected =
      options.expectVersion === undefined ? pinnedKubernetesVersion() : options.expectVersion
    if (expected !== null && version !== expected) {
      throw new Error(
        `kube-apiserver in ${binDir} reports ${version}, not ${expected} (KUBE_DRIFT_KUBERNETES=${process.env.KUBE_DRIFT_KUBERNETES ?? ''}, KUBE_DRIFT_BIN_DIR=${process.env.KUBE_DRIFT_BIN_DIR ?? ''}): the bin directory holds another release`
      )
    }

    const kcmKubeconfig = join(dir, 'controller-manager.kubeconfig')
    writeKubeconfigFile(
      kcmKubeconfig,
      server,
      pki.caCert,
      [{ name: 'controller-manager', ...pki.clients['controller-manager'] }],
      'controller-manager'
    )
    const kcm = startComponent(
      'kube-controller-manager',
      join(binDir, 'kube-controller-manager'),
      controllerManagerFlags(dir, kcmPort, kcmKubeconfig, pki),
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
    writeKubeconfigFile(
      kubeconfigPath,
      server,
      pki.caCert,
      CONTEXTS.map(name => ({ name, ...pki.clients[name] })),
      'admin'
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
