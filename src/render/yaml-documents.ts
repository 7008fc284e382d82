// Splits a YAML stream into documents and remembers where each one starts, so
// that every object can point back to its file and line. js-yaml's event
// parser gives source offsets for every node; the values themselves are built
// from the same events, so positions and values cannot disagree.
import { EVENT_ID, YAMLException, constructFromEvents, getScalarValue, type Event } from 'js-yaml'
import { renderErrorAt } from './render-error.ts'
import { KUBERNETES_YAML_SCHEMA } from './yaml-schema.ts'
import { lineLocator } from '../util/line-locator.ts'
import { parseBoundedEvents } from '../util/yaml-bounds.ts'

export interface YamlDocument {
  /** the parsed value; null for an empty or comments-only document. */
  value: unknown
  /** 1-based line where the document's content starts (its first key). */
  line: number
  /** 1-based lines of the entries of a top-level `items` sequence (List kinds), in order. */
  itemLines: number[]
}

/** Parses every document of `text`; a syntax error becomes a RenderError naming `file` and the line. */
export function parseYamlDocuments(text: string, file: string): YamlDocument[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  try {
    const events = parseBoundedEvents(source, file)
    const values = constructFromEvents(events, { source, schema: KUBERNETES_YAML_SCHEMA })
    const positions = documentPositions(events, source)
    const lineOf = lineLocator(source)
    return values.map((value, index) => {
      const position = positions[index]
      return {
        value,
        line: position?.start === undefined ? 1 : lineOf(position.start),
        itemLines: (position?.itemStarts ?? []).map(lineOf)
      }
    })
  } catch (error) {
    throw yamlError(error, file)
  }
}

function yamlError(error: unknown, file: string): Error {
  if (error instanceof YAMLException) {
    const line = error.mark ? error.mark.line + 1 : undefined
    return renderErrorAt(file, line, error.reason, { cause: error })
  }
  const message = error instanceof Error ? error.message : String(error)
  return renderErrorAt(file, undefined, `cannot parse YAML: ${message}`, { cause: error })
}

interface DocumentPosition {
  start: number | undefined
  itemStarts: number[]
}

interface OpenNode {
  type: number
  children: number
  /** set on the top-level mapping of a document. */
  isRootMapping: boolean
  /** set on the sequence that is the value of the top-level `items` key. */
  isItems: boolean
  /** on the root mapping: whether the key just read was `items`. */
  lastKeyWasItems: boolean
}

/** Walks the flat event stream keeping a stack of open nodes; records document and item starts. */
function documentPositions(events: Event[], source: string): DocumentPosition[] {
  const documents: DocumentPosition[] = []
  const stack: OpenNode[] = []
  for (const event of events) {
    if (event.type === EVENT_ID.POP) {
      stack.pop()
      continue
    }
    if (event.type === EVENT_ID.DOCUMENT) {
      documents.push({ start: undefined, itemStarts: [] })
      stack.push(openNode(event.type))
      continue
    }
    const parent = stack.at(-1)
    const current = documents.at(-1)
    if (!parent || !current) continue
    const index = parent.children++
    const start = nodeStart(event)
    const node = openNode(event.type)
    if (parent.type === EVENT_ID.DOCUMENT) {
      current.start = start
      node.isRootMapping = event.type === EVENT_ID.MAPPING
    } else if (parent.isRootMapping) {
      if (index % 2 === 0) {
        parent.lastKeyWasItems =
          event.type === EVENT_ID.SCALAR && getScalarValue(source, event) === 'items'
      } else {
        node.isItems = parent.lastKeyWasItems && event.type === EVENT_ID.SEQUENCE
      }
    } else if (parent.isItems && start !== undefined) {
      current.itemStarts.push(start)
    }
    if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) stack.push(node)
  }
  return documents
}

function openNode(type: number): OpenNode {
  return { type, children: 0, isRootMapping: false, isItems: false, lastKeyWasItems: false }
}

/** The earliest source offset of a node: its tag or anchor when it has one, else its content. */
function nodeStart(event: Event): number | undefined {
  const offsets: number[] = []
  if ('start' in event) offsets.push(event.start)
  if ('valueStart' in event) offsets.push(event.valueStart)
  if ('tagStart' in event) offsets.push(event.tagStart)
  if ('anchorStart' in event) offsets.push(event.anchorStart)
  const valid = offsets.filter(offset => offset >= 0)
  return valid.length > 0 ? Math.min(...valid) : undefined
}
