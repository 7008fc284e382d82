// Parses a one-document YAML file and remembers the line of every key and list
// item, so a validation error can say where to look: `.kube-drift.yaml:12`.
// Values and positions come from the same js-yaml event stream, as in
// render/yaml-documents.ts.
import { EVENT_ID, YAMLException, constructFromEvents, getScalarValue } from 'js-yaml'
import type { Event } from 'js-yaml'
import { lineLocator } from '../util/line-locator.ts'
import { parseBoundedEvents } from '../util/yaml-bounds.ts'

export type YamlPath = (string | number)[]

/** How messages name a key: `targets[1].helm.values[0]`. */
export function keyName(at: YamlPath): string {
  return at
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`
    )
    .join('')
}

export interface PositionedYaml {
  value: unknown
  /** 1-based line of the key (or list item) at `path`; the nearest known ancestor's when absent. */
  lineOf: (path: YamlPath) => number
}

export class YamlPositionError extends Error {
  readonly line: number | undefined

  constructor(message: string, line: number | undefined, options?: ErrorOptions) {
    super(message, options)
    this.name = 'YamlPositionError'
    this.line = line
  }
}

export function parseWithPositions(text: string, file: string): PositionedYaml {
  let events: Event[]
  let values: unknown[]
  try {
    events = parseBoundedEvents(text, file)
    values = constructFromEvents(events, { source: text, filename: file })
  } catch (error) {
    if (error instanceof YAMLException) {
      const line = error.mark ? error.mark.line + 1 : undefined
      throw new YamlPositionError(error.reason, line, { cause: error })
    }
    throw error
  }
  if (values.length > 1) {
    throw new YamlPositionError('expected one YAML document, found several', undefined)
  }
  const lines = keyLines(events, text)
  return {
    value: values[0],
    lineOf: path => {
      for (let length = path.length; length >= 0; length--) {
        const line = lines.get(JSON.stringify(path.slice(0, length)))
        if (line !== undefined) return line
      }
      return 1
    }
  }
}

interface Open {
  type: number
  path: YamlPath
  children: number
  /** in a mapping: the key just read, waiting for its value. */
  key?: string
}

function keyLines(events: Event[], source: string): Map<string, number> {
  const lines = new Map<string, number>()
  const lineOf = lineLocator(source)
  const stack: Open[] = []
  for (const event of events) {
    if (event.type === EVENT_ID.POP) {
      stack.pop()
      continue
    }
    if (event.type === EVENT_ID.DOCUMENT) {
      stack.push({ type: event.type, path: [], children: 0 })
      continue
    }
    const parent = stack.at(-1)
    if (!parent) continue
    const start = 'start' in event ? event.start : 'valueStart' in event ? event.valueStart : -1
    const line = start >= 0 ? lineOf(start) : undefined
    let path: YamlPath | undefined
    if (parent.type === EVENT_ID.DOCUMENT) {
      path = []
    } else if (parent.type === EVENT_ID.SEQUENCE) {
      path = [...parent.path, parent.children]
    } else if (parent.children % 2 === 0) {
      // A mapping key: its line is where the entry is.
      const key = event.type === EVENT_ID.SCALAR ? getScalarValue(source, event) : undefined
      parent.key = key
      if (key !== undefined && line !== undefined) {
        lines.set(JSON.stringify([...parent.path, key]), line)
      }
    } else if (parent.key !== undefined) {
      path = [...parent.path, parent.key]
    }
    parent.children++
    if (path && line !== undefined && !lines.has(JSON.stringify(path))) {
      lines.set(JSON.stringify(path), line)
    }
    if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
      stack.push({ type: event.type, path: path ?? [...parent.path, '?'], children: 0 })
    }
  }
  return lines
}
