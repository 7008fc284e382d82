// Parses a one-document YAML file and remembers the line of every key and list
// item, so a validation error can say where to look: `.kube-drift.yaml:12`.
// Values and positions come from the same js-yaml event stream (util/yaml-walk.ts).
import { YAMLException, constructFromEvents } from 'js-yaml'
import type { Event } from 'js-yaml'
import { parseBoundedEvents } from '../util/yaml-bounds.ts'
import { lineLocator, walkYamlNodes, type YamlPath } from '../util/yaml-walk.ts'

export type { YamlPath } from '../util/yaml-walk.ts'

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

/** The line of every key and list item, by JSON of its path; a key's line is where its entry is. */
function keyLines(events: Event[], source: string): Map<string, number> {
  const lines = new Map<string, number>()
  const lineOf = lineLocator(source)
  walkYamlNodes(events, source, ({ event, path, isKey }) => {
    const start = 'start' in event ? event.start : 'valueStart' in event ? event.valueStart : -1
    if (path === undefined || start < 0) return
    const id = JSON.stringify(path)
    if (isKey || !lines.has(id)) lines.set(id, lineOf(start))
  })
  return lines
}
