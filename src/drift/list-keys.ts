// How items of a list of objects are identified, the way Kubernetes merges them:
// containers, env vars and volumes by name, ports by port and protocol, and so on.
// Without a key, two lists can only be compared position by position.

import { isPlainObject, type JsonMap } from './json.ts'

export interface ListKey {
  /** e.g. 'name' or 'containerPort+protocol', for messages and tests. */
  name: string
  /** The identity of an item, or undefined when the item has no value for the key. */
  identity(item: JsonMap): string | undefined
}

/** The API server defaults a port's protocol to TCP, so Git may omit it. */
const DEFAULT_PROTOCOL = 'TCP'

function field(name: string): ListKey {
  return { name, identity: item => scalarIdentity(item[name]) }
}

function withProtocol(portField: string): ListKey {
  return {
    name: `${portField}+protocol`,
    identity: item => {
      const port = scalarIdentity(item[portField])
      if (port === undefined) return undefined
      return `${port}/${scalarIdentity(item.protocol) ?? DEFAULT_PROTOCOL}`
    }
  }
}

const metadataName: ListKey = {
  name: 'metadata.name',
  identity: item => (isPlainObject(item.metadata) ? scalarIdentity(item.metadata.name) : undefined)
}

/** Candidates in order of preference. */
const CANDIDATES: ListKey[] = [
  field('name'),
  // StatefulSet volumeClaimTemplates are full objects named in their metadata.
  metadataName,
  withProtocol('containerPort'),
  withProtocol('port'),
  field('key'),
  field('ip'),
  field('devicePath'),
  field('mountPath')
]

/**
 * The first key that every item of every list has, unique within each list; undefined
 * when there is none (or when a list holds something other than objects).
 */
export function chooseListKey(...lists: readonly unknown[][]): ListKey | undefined {
  const items = lists.flat()
  if (!items.every(isPlainObject)) return undefined
  return CANDIDATES.find(candidate =>
    lists.every(list => {
      const seen = new Set<string>()
      for (const item of list as JsonMap[]) {
        const identity = candidate.identity(item)
        if (identity === undefined || seen.has(identity)) return false
        seen.add(identity)
      }
      return true
    })
  )
}

function scalarIdentity(value: unknown): string | undefined {
  // 8080 and "8080" identify the same port.
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value)
  }
  return undefined
}
