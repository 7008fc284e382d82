// The same resource defined twice means one definition silently wins on apply;
// that is always a mistake in the manifests, so rendering stops and names both.
import type { DesiredObject } from '../types.ts'
import { RenderError, formatLocation } from './render-error.ts'
import { formatResource, keyOf, resourceId } from '../util/resource-identity.ts'

export function assertNoDuplicates(objects: DesiredObject[]): void {
  const seen = new Map<string, DesiredObject>()
  for (const desired of objects) {
    const key = keyOf(desired.object)
    const id = resourceId(key)
    const first = seen.get(id)
    if (!first) {
      seen.set(id, desired)
      continue
    }
    const places = `${formatLocation(first.source.file, first.source.line)} and ${formatLocation(desired.source.file, desired.source.line)}`
    throw new RenderError(`duplicate resource ${formatResource(key)}: ${places}`, desired.source)
  }
}
