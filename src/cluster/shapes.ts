// The shape each answer must have before anything is read from it. A body that
// parses but lacks what the request promises (`{}` to a LIST, an object with no
// metadata) is a malformed answer, never an empty list or a missing object.
// Each check returns what is wrong, or undefined.

type Shape = (body: unknown) => string | undefined

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** One Kubernetes object: kind and metadata.name, as every GET and apply answer has. */
export const objectShape: Shape = body => {
  if (!isRecord(body)) return 'the answer is not a JSON object'
  const missing = [
    typeof body.kind === 'string' && body.kind ? undefined : 'kind',
    isRecord(body.metadata) ? undefined : 'metadata',
    isRecord(body.metadata) && typeof body.metadata.name !== 'string' ? 'metadata.name' : undefined
  ].filter(Boolean)
  return missing.length > 0 ? `the object has no ${missing.join(', ')}` : undefined
}

/** A LIST answer: an `items` array (empty when nothing matches) of objects with a name. */
export const listShape: Shape = body => {
  if (!isRecord(body)) return 'the answer is not a JSON object'
  if (!Array.isArray(body.items)) return 'the list has no items array'
  const index = body.items.findIndex(
    item => !isRecord(item) || !isRecord(item.metadata) || typeof item.metadata.name !== 'string'
  )
  return index >= 0 ? `item ${index} of the list has no metadata.name` : undefined
}

/** GET /version: gitVersion, which names the cluster in the report and feeds Helm. */
export const versionShape: Shape = body =>
  isRecord(body) && typeof body.gitVersion === 'string' && body.gitVersion
    ? undefined
    : 'the version answer has no gitVersion'

/** Aggregated discovery (/api, /apis): an APIGroupDiscoveryList, or the legacy form. */
export const discoveryShape: Shape = body => {
  if (!isRecord(body)) return 'the discovery answer is not a JSON object'
  if (body.kind === 'APIGroupDiscoveryList' && !Array.isArray(body.items)) {
    return 'the discovery list has no items array'
  }
  return undefined
}

/** GET /apis (legacy): the group list. */
export const groupListShape: Shape = body =>
  isRecord(body) && Array.isArray(body.groups) ? undefined : 'the group list has no groups array'

/** GET /apis/<group>/<version> (legacy): the resource list. */
export const resourceListShape: Shape = body =>
  isRecord(body) && Array.isArray(body.resources)
    ? undefined
    : 'the resource list has no resources array'
