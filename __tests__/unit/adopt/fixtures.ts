// Resources to adopt, as detection hands them on, without a cluster.
import type { ResourceToAdopt } from '../../../src/adopt/resource-fields.ts'
import type { PlacedObject } from '../../../src/engine/placement.ts'
import type { FieldChange, KubeObject } from '../../../src/types.ts'
import { formatResource, keyOf } from '../../../src/util/resource-identity.ts'

export function toAdopt(
  desired: KubeObject,
  live: KubeObject,
  changes: FieldChange[],
  source = { file: 'deploy/app.yaml', line: 1 }
): ResourceToAdopt {
  const key = keyOf(live)
  const placed = {
    desired: { object: desired, source },
    namespace: key.namespace,
    name: key.name
  } as unknown as PlacedObject
  return {
    resource: formatResource(key),
    detected: {
      result: {
        ...key,
        status: 'Drifted',
        method: 'local',
        changes,
        diff: '',
        error: null,
        ignored: 0
      },
      placed,
      live,
      ignored: []
    },
    placed,
    live,
    changes
  }
}

export function deployment(
  name: string,
  spec: Record<string, unknown>,
  labels?: Record<string, string>
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'web', ...(labels ? { labels } : {}) },
    spec
  }
}
