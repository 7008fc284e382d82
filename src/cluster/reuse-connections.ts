// @kubernetes/client-node builds a new undici Agent for every request it
// authenticates, so every request opened a new TCP + TLS connection with a new
// SecureContext (at 2,000 objects: ~160 handshakes, ~0.4 s of CPU in a profile).
// Here the KubeConfig is wrapped so that requests with the same TLS options
// (CA, client certificate and key, server name, proxy...) share one Agent and
// its keep-alive connections, as kubectl and the benchmark's floor client do.
// Options that change (an exec plugin rotating its client certificate) give a
// different key and so a new Agent: nothing is ever sent with stale credentials.
import type { Cluster, KubeConfig } from '@kubernetes/client-node'
import type { AgentOptions } from 'node:https'

type CreateDispatcher = (cluster: Cluster | null, agentOptions: AgentOptions) => unknown

/** `kc`'s behaviour, with each distinct set of connection options given one dispatcher. */
export function reusingDispatchers(kc: KubeConfig): KubeConfig {
  // The library's own (private) factory; without it there is nothing to wrap.
  const create = (kc as unknown as { createDispatcher?: CreateDispatcher }).createDispatcher
  if (typeof create !== 'function') return kc
  const dispatchers = new Map<string, unknown>()
  // A view of `kc` (reads go through to it, nothing of it is changed) whose factory caches.
  const auth = Object.create(kc) as KubeConfig
  const cached: CreateDispatcher = function (this: KubeConfig, cluster, agentOptions) {
    const key = optionsKey(kc.createDispatcherOptions(cluster, agentOptions))
    let dispatcher = dispatchers.get(key)
    if (dispatcher === undefined) {
      dispatcher = create.call(this, cluster, agentOptions)
      dispatchers.set(key, dispatcher)
    }
    return dispatcher
  }
  Object.defineProperty(auth, 'createDispatcher', { value: cached })
  return auth
}

/** Every option's value, Buffers (keys, certificates) by their bytes, in one string. */
export function optionsKey(options: unknown): string {
  return JSON.stringify(options, (_key, value: unknown) =>
    isBufferJson(value) ? Buffer.from(value.data).toString('base64') : value
  )
}

// JSON.stringify has already called Buffer#toJSON when the replacer sees a Buffer.
function isBufferJson(value: unknown): value is { type: 'Buffer'; data: number[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'Buffer' &&
    Array.isArray((value as { data?: unknown }).data)
  )
}
