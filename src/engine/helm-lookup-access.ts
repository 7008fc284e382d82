// What helm needs to render a chart with the cluster (lookup): a kubeconfig
// file holding only the target's context, owner-only and removed as soon as
// rendering is over, and whether the release exists (helm's release Secrets,
// `sh.helm.release.v1.<name>.v<N>`, labelled owner=helm,name=<name>; when the
// identity may not list Secrets, helm's ownership metadata on the release's
// objects), so the chart renders as `helm upgrade` would render it.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import type { RequestOptions } from 'node:https'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ClusterClient } from '../cluster/client.ts'
import type { LoadedKubeconfig } from '../cluster/kubeconfig.ts'
import type { HelmLookupAccess, ReleaseState } from '../render/helm-lookup.ts'
import { isFatal, isForbidden } from '../cluster/errors.ts'
import { describeError } from './describe-error.ts'

/** Kubeconfig files written for helm during one render phase; removeAll deletes them. */
export class HelmKubeconfigFiles {
  private readonly dirs: string[] = []
  private readonly parent: string

  constructor(parent: string = process.env.RUNNER_TEMP || tmpdir()) {
    this.parent = parent
  }

  async write(loaded: LoadedKubeconfig): Promise<string> {
    const dir = await mkdtemp(path.join(this.parent, 'kube-drift-helm-'))
    this.dirs.push(dir)
    await chmod(dir, 0o700)
    const file = path.join(dir, 'kubeconfig')
    await writeFile(file, await singleContextKubeconfig(loaded), { mode: 0o600 })
    return file
  }

  async removeAll(): Promise<void> {
    await Promise.all(this.dirs.splice(0).map(dir => rm(dir, { recursive: true, force: true })))
  }
}

/**
 * The selected context, its cluster and its user: nothing else of the kubeconfig
 * reaches helm. A user that authenticates through an exec plugin or an auth
 * provider gets the bearer token kube-drift itself obtained, so helm runs no
 * plugin (it would need an environment render tools do not get).
 */
export async function singleContextKubeconfig(loaded: LoadedKubeconfig): Promise<string> {
  const all = JSON.parse(loaded.kc.exportConfig()) as {
    clusters: { name: string }[]
    users: { name: string; user: Record<string, unknown> }[]
    contexts: { name: string; context: { cluster: string; user?: string; namespace?: string } }[]
  }
  const context = all.contexts.find(c => c.name === loaded.context)
  if (!context) throw new Error(`context "${loaded.context}" is not in the kubeconfig`)
  const { cluster, user, namespace } = context.context
  const users = await Promise.all(
    all.users
      .filter(u => u.name === user)
      .map(async u => ({ ...u, user: await withoutPlugins(loaded, u.user) }))
  )
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: all.clusters.filter(c => c.name === cluster),
    users,
    contexts: [{ name: context.name, context: { cluster, user, namespace } }],
    'current-context': context.name
  })
}

async function withoutPlugins(
  loaded: LoadedKubeconfig,
  user: Record<string, unknown>
): Promise<Record<string, unknown>> {
  if (!user.exec && !user['auth-provider']) return user
  const options: RequestOptions = {}
  await loaded.kc.applyToHTTPSOptions(options)
  const authorization = (options.headers as Record<string, unknown> | undefined)?.Authorization
  const token =
    typeof authorization === 'string' ? /^Bearer (.+)$/.exec(authorization)?.[1] : undefined
  const rest = { ...user }
  delete rest.exec
  delete rest['auth-provider']
  // A plugin that gives client certificates instead: helm runs it, as kubectl would.
  return token ? { ...rest, token } : user
}

export function helmLookupAccess(
  client: ClusterClient,
  loaded: LoadedKubeconfig,
  files: HelmKubeconfigFiles
): HelmLookupAccess {
  let file: Promise<string> | undefined
  return {
    release: (namespace, name) => releaseState(client, namespace, name),
    kubeconfig: async () => {
      file ??= files.write(loaded)
      return { file: await file, context: loaded.context }
    }
  }
}

/** A release exists when helm keeps a record of it that is not an uninstall kept as history. */
async function releaseState(
  client: ClusterClient,
  namespace: string,
  name: string
): Promise<ReleaseState> {
  await client.discovery.load()
  const secrets = client.discovery.resolve('v1', 'Secret')
  try {
    const records = await client.list(secrets, {
      namespace,
      labelSelector: `owner=helm,name=${name}`
    })
    return {
      exists: records.some(
        r => r.metadata.labels?.status && r.metadata.labels.status !== 'uninstalled'
      )
    }
  } catch (error) {
    if (isFatal(error) || !isForbidden(error)) throw error
    const owned = await ownedByRelease(client, namespace, name)
    return owned ? { exists: true } : { unknown: describeError(error) }
  }
}

/** Kinds most charts deploy, to look for helm's ownership metadata when its records cannot be read. */
const OWNED_KINDS: [apiVersion: string, kind: string][] = [
  ['v1', 'ConfigMap'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet']
]

/**
 * Whether an object in the namespace carries helm's ownership of this release
 * (helm writes the managed-by label and the release annotations on every object
 * it deploys): then the release was installed, even if its records are unreadable.
 */
async function ownedByRelease(
  client: ClusterClient,
  namespace: string,
  name: string
): Promise<boolean> {
  for (const [apiVersion, kind] of OWNED_KINDS) {
    try {
      const items = await client.list(client.discovery.resolve(apiVersion, kind), {
        namespace,
        labelSelector: 'app.kubernetes.io/managed-by=Helm'
      })
      if (
        items.some(
          item =>
            item.metadata.annotations?.['meta.helm.sh/release-name'] === name &&
            item.metadata.annotations['meta.helm.sh/release-namespace'] === namespace
        )
      ) {
        return true
      }
    } catch (error) {
      if (isFatal(error)) throw error
    }
  }
  return false
}
