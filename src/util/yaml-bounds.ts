// YAML aliases (`*a`) share one node, so a few hundred bytes of nested aliases
// ("billion laughs") stand for billions of nodes: js-yaml builds them as shared
// references in no time, and the first code that walks them (normalization,
// JSON, a diff) runs out of memory. Every YAML parse of repository input goes
// through here first: the expanded size is counted from the parser's events,
// in memory bounded by the text, and a file whose aliases stand for too many
// nodes, or an alias that contains itself, fails with its line.
import { EVENT_ID, YAMLException, constructFromEvents, parseEvents } from 'js-yaml'
import type { Event, Schema } from 'js-yaml'

/** Nodes that aliases may add to one file. Real manifests reuse a block a few times, far below this. */
export const MAX_ALIAS_NODES = 100_000

interface Open {
  size: number
  anchor?: string
}

/**
 * Throws a YAMLException (with the alias's position) when the aliases of `events`
 * expand to more than MAX_ALIAS_NODES nodes, or when an alias refers to a node
 * that contains it.
 */
export function assertBoundedAliases(events: Event[], source: string, filename?: string): void {
  let added = 0
  let anchors = new Map<string, number>()
  const open: Open[] = []
  const fail = (position: number, message: string): never =>
    YAMLException.throwAt(source, position, message, filename)
  const add = (size: number) => {
    const parent = open.at(-1)
    if (parent) parent.size += size
  }
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        // Anchors belong to their document; the count covers the whole file.
        anchors = new Map()
        open.push({ size: 0 })
        break
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        open.push({ size: 1, anchor: anchorOf(event, source) })
        break
      case EVENT_ID.SCALAR: {
        const anchor = anchorOf(event, source)
        if (anchor !== undefined) anchors.set(anchor, 1)
        add(1)
        break
      }
      case EVENT_ID.ALIAS: {
        const name = source.slice(event.anchorStart, event.anchorEnd)
        if (open.some(node => node.anchor === name)) {
          fail(event.anchorStart, `alias *${name} refers to a node that contains it`)
        }
        const size = anchors.get(name) ?? 1
        added += size
        if (added > MAX_ALIAS_NODES) {
          fail(
            event.anchorStart,
            `aliases expand to more than ${MAX_ALIAS_NODES} nodes (alias limit): refusing a possible "billion laughs" file`
          )
        }
        add(size)
        break
      }
      case EVENT_ID.POP: {
        const node = open.pop()
        if (node?.anchor !== undefined) anchors.set(node.anchor, node.size)
        if (node) add(node.size)
        break
      }
    }
  }
}

function anchorOf(
  event: { anchorStart: number; anchorEnd: number },
  source: string
): string | undefined {
  return event.anchorStart >= 0 ? source.slice(event.anchorStart, event.anchorEnd) : undefined
}

/** Parser events of `text`, checked by assertBoundedAliases. */
export function parseBoundedEvents(text: string, filename?: string): Event[] {
  const events = parseEvents(text, { filename })
  assertBoundedAliases(events, text, filename)
  return events
}

/** js-yaml's `load` (one document, or undefined when empty), with the alias bound. */
export function loadBounded(
  text: string,
  options: { filename?: string; schema?: Schema } = {}
): unknown {
  const events = parseBoundedEvents(text, options.filename)
  const documents = constructFromEvents(events, { source: text, ...options })
  if (documents.length > 1) {
    throw new YAMLException('expected a single document in the stream, but found more')
  }
  return documents[0]
}
