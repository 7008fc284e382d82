// Puts one drifted field's live value into Git's value (or removes it), as a
// plain-JSON edit. The change's pointer indexes lists of the live object (or of
// the rendered one, for a field absent live); Git's lists may hold other items
// or another order, so list items are found by their merge key (containers and
// env vars by name), as Kubernetes merges them, and by position only without one.
import { cloneJson, isPlainObject } from '../drift/json.ts'
import { chooseListKey } from '../drift/list-keys.ts'
import { parsePointer } from '../drift/pointer.ts'

export type FieldEdit = { action: 'set'; value: unknown } | { action: 'remove' }

/** A field that cannot be put into Git's value: the why is said to the user. */
export class AdoptFieldError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AdoptFieldError'
  }
}

/**
 * Applies `edit` at `pointer` to `target` (mutated). `reference` is the object the
 * pointer indexes (the live one, or the rendered one for a removal).
 */
export function applyFieldEdit(
  target: unknown,
  reference: unknown,
  pointer: string,
  edit: FieldEdit
): void {
  const segments = parsePointer(pointer)
  if (segments.length === 0) throw new AdoptFieldError('the whole object cannot be adopted')
  let into = target
  let ref = reference
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1
    if (Array.isArray(ref)) {
      if (!Array.isArray(into)) {
        throw new AdoptFieldError(`Git's value at ${segmentsPath(segments, i)} is not a list`)
      }
      const index = Number(segment)
      const refItem: unknown = ref[index]
      const at = itemIndex(into, ref, index)
      if (edit.action === 'remove') {
        if (at === undefined) return
        if (last) {
          into.splice(at, 1)
          return
        }
      } else if (at === undefined) {
        // A new item: the live item whole (its other fields are new in Git too).
        const item = last ? edit.value : refItem
        into.splice(insertionIndex(into, ref, index), 0, cloneJson(item))
        return
      } else if (last) {
        into[at] = cloneJson(edit.value)
        return
      }
      into = into[at]
      ref = refItem
      continue
    }
    if (!isPlainObject(into)) {
      throw new AdoptFieldError(`Git's value at ${segmentsPath(segments, i)} is not a map`)
    }
    if (last) {
      if (edit.action === 'remove') delete into[segment]
      else into[segment] = cloneJson(edit.value)
      return
    }
    const nextRef = isPlainObject(ref) ? ref[segment] : undefined
    if (!Object.hasOwn(into, segment) || into[segment] === null) {
      if (edit.action === 'remove') return
      into[segment] = Array.isArray(nextRef) ? [] : {}
    }
    into = into[segment]
    ref = nextRef
  }
}

/** The index in Git's list of the reference list's item `index`, by merge key or position. */
function itemIndex(into: unknown[], ref: unknown[], index: number): number | undefined {
  if (index >= ref.length) return undefined
  const key = chooseListKey(into, ref)
  if (!key) {
    // Without a key only a list of scalars or of one length can be matched by position.
    return index < into.length ? index : undefined
  }
  const identity = key.identity(ref[index] as Record<string, unknown>)
  const at = into.findIndex(item => key.identity(item as Record<string, unknown>) === identity)
  return at === -1 ? undefined : at
}

/** Where a new item goes: after the item that precedes it live, else at its own index. */
function insertionIndex(into: unknown[], ref: unknown[], index: number): number {
  for (let before = index - 1; before >= 0; before--) {
    const at = itemIndex(into, ref, before)
    if (at !== undefined) return at + 1
  }
  return Math.min(index, into.length)
}

function segmentsPath(segments: string[], upTo: number): string {
  return `/${segments.slice(0, upTo).join('/')}`
}
