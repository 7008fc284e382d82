// Splits a YAML stream into documents and remembers where each one starts, so
// that every object can point back to its file and line. js-yaml's event
// parser gives source offsets for every node (walked by util/yaml-walk.ts);
// the values themselves are built from the same events, so positions and
// values cannot disagree.
import { YAMLException, constructFromEvents, type Event } from 'js-yaml'
import { renderErrorAt } from './render-error.ts'
import { KUBERNETES_YAML_SCHEMA } from './yaml-schema.ts'
import { parseBoundedEvents } from '../util/yaml-bounds.ts'
import { lineLocator, walkYamlNodes } from '../util/yaml-walk.ts'

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

/** Where each document's root starts, and each entry of its top-level `items` sequence. */
function documentPositions(events: Event[], source: string): DocumentPosition[] {
  const documents: DocumentPosition[] = []
  walkYamlNodes(events, source, ({ event, document, path, isKey }) => {
    if (isKey || path === undefined) return
    const position = (documents[document] ??= { start: undefined, itemStarts: [] })
    const start = nodeStart(event)
    if (path.length === 0) position.start = start
    // `items` is a key of the root mapping, the number an index of its sequence.
    else if (path.length === 2 && path[0] === 'items' && typeof path[1] === 'number') {
      if (start !== undefined) position.itemStarts.push(start)
    }
  })
  return documents
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
