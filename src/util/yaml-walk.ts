// Where things are in a YAML text: a walk over js-yaml's flat event stream that
// gives every node its document and its path (keys and list indexes), and the
// line of a source offset. The config file's key lines and the manifests'
// document and item lines both come from this one walk, from the same events
// the values are built from, so positions and values cannot disagree.
import { EVENT_ID, getScalarValue } from 'js-yaml'
import type { AliasEvent, Event, MappingEvent, ScalarEvent, SequenceEvent } from 'js-yaml'

export type YamlPath = (string | number)[]

export type YamlNodeEvent = MappingEvent | SequenceEvent | ScalarEvent | AliasEvent

export interface YamlNode {
  event: YamlNodeEvent
  /** 0-based index of the document in the stream. */
  document: number
  /**
   * The node's path from its document's root; for a mapping key, the path of
   * the entry it names. Undefined for a key that is not a scalar and for its
   * value; nodes inside them have `?` in place of that key.
   */
  path: YamlPath | undefined
  /** the node is a mapping key, not a value. */
  isKey: boolean
}

interface Open {
  type: number
  path: YamlPath
  children: number
  /** in a mapping: the key just read (undefined when not a scalar), waiting for its value. */
  key?: string
}

/** Calls `visit` for every node of `events`, in source order. */
export function walkYamlNodes(
  events: readonly Event[],
  source: string,
  visit: (node: YamlNode) => void
): void {
  const stack: Open[] = []
  let document = -1
  for (const event of events) {
    if (event.type === EVENT_ID.POP) {
      stack.pop()
      continue
    }
    if (event.type === EVENT_ID.DOCUMENT) {
      document++
      stack.push({ type: event.type, path: [], children: 0 })
      continue
    }
    const parent = stack.at(-1)
    if (!parent) continue
    let path: YamlPath | undefined
    let isKey = false
    if (parent.type === EVENT_ID.DOCUMENT) {
      path = []
    } else if (parent.type === EVENT_ID.SEQUENCE) {
      path = [...parent.path, parent.children]
    } else if (parent.children % 2 === 0) {
      isKey = true
      parent.key = event.type === EVENT_ID.SCALAR ? getScalarValue(source, event) : undefined
      path = parent.key === undefined ? undefined : [...parent.path, parent.key]
    } else if (parent.key !== undefined) {
      path = [...parent.path, parent.key]
    }
    parent.children++
    visit({ event, document, path, isKey })
    if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
      stack.push({ type: event.type, path: path ?? [...parent.path, '?'], children: 0 })
    }
  }
}

/** Maps a character offset in `source` to its 1-based line, by binary search over line starts. */
export function lineLocator(source: string): (offset: number) => number {
  const starts = [0]
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1)
  return offset => {
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if ((starts[middle] ?? 0) <= offset) low = middle
      else high = middle - 1
    }
    return low + 1
  }
}
