// The connections of a run: one per kubeconfig context, opened on first use and
// shared by detection, reconcile's applies and the detection after them.
import { ClusterClient } from '../cluster/client.ts'
import { contextNamespace, loadKubeconfig } from '../cluster/kubeconfig.ts'
import type { KubeconfigSource } from '../cluster/kubeconfig.ts'
import { OpenApiSchemas, defaultOpenApiCacheDir } from '../cluster/openapi.ts'
import type { ClusterInfo } from '../render/index.ts'
import type { ReconcileCluster } from './cluster-port.ts'
import { HelmKubeconfigFiles, helmLookupAccess } from './helm-lookup-access.ts'

export interface SessionOptions {
  kubeconfig: KubeconfigSource
  timeoutMs?: number
  progress?: (message: string) => void
}

/** One connection per kubeconfig context, opened on first use. */
export class ClusterSessions {
  private readonly pending = new Map<string, Promise<ClusterSession>>()
  private readonly opened: ClusterSession[] = []
  private readonly options: SessionOptions

  constructor(options: SessionOptions) {
    this.options = options
  }

  get(context: string | undefined): Promise<ClusterSession> {
    const key = context ?? ''
    let session = this.pending.get(key)
    if (!session) {
      const source = {
        ...this.options.kubeconfig,
        context: context ?? this.options.kubeconfig.context
      }
      session = openSession(source, this.options).then(opened => {
        this.opened.push(opened)
        return opened
      })
      this.pending.set(key, session)
    }
    return session
  }

  requestCount(): number {
    return this.opened.reduce((sum, session) => sum + session.client.requestCount, 0)
  }
}

export interface ClusterSession {
  /** the engine sees the cluster only through this interface. */
  client: ReconcileCluster & { readonly server: string }
  context: string
  version: string
  defaultNamespace: string
  /** the server's OpenAPI schemas, for objects compared locally. */
  schemas: OpenApiSchemas
  /** What renderers may ask of the cluster. */
  info(): Promise<ClusterInfo>
  /** What helm needs to render a chart that uses lookup with this context. */
  helmLookup(files: HelmKubeconfigFiles): ReturnType<typeof helmLookupAccess>
}

async function openSession(
  source: KubeconfigSource,
  options: Omit<SessionOptions, 'kubeconfig'>
): Promise<ClusterSession> {
  const loaded = loadKubeconfig(source)
  const client = new ClusterClient(loaded, { timeoutMs: options.timeoutMs })
  const version = await client.version()
  const defaultNamespace = contextNamespace(loaded.kc) ?? 'default'
  options.progress?.(`cluster ${client.server} (context ${loaded.context}, ${version})`)
  return {
    client,
    context: loaded.context,
    version,
    defaultNamespace,
    schemas: new OpenApiSchemas(
      (path, query) =>
        client.http.request<string>({ method: 'GET', path, query, responseType: 'text' }),
      version,
      defaultOpenApiCacheDir()
    ),
    info: async () => {
      await client.discovery.load()
      const failures = client.discovery.incomplete()
      if (failures.length > 0) {
        // Helm would render against a partial list of API versions: no render at all is better.
        throw new Error(`API discovery failed (${failures.join('; ')})`)
      }
      return { version, apiVersions: client.discovery.apiVersions(), defaultNamespace }
    },
    helmLookup: files => helmLookupAccess(client, loaded, files)
  }
}
