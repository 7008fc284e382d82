// How new YAML text is written into an existing file: in the file's own style
// (indent width, whether lists under a key are indented), strings quoted when
// a YAML 1.1 reader (kubectl's) would read them as something else (`yes`,
// `on`, `0755`), and each existing scalar keeping its quoting style.
import { Document, Scalar, stringify } from 'yaml'

export interface YamlStyle {
  /** spaces per nesting level. */
  indent: number
  /** `key:\n  - item` (true) or `key:\n- item` (false). */
  indentSeq: boolean
}

export type ScalarStyle = Scalar['type']

/** `key: value` (or `key:` and a nested block), at `column`, ending with a newline. */
export function renderPair(key: string, value: unknown, column: number, style: YamlStyle): string {
  return pairLines(key, value, column, style).join('')
}

/** `- value` at `column`, ending with a newline. */
export function renderItem(value: unknown, column: number, style: YamlStyle): string {
  return itemLines(value, column, style).join('')
}

// Block YAML written here rather than by the library's dumper, whose list
// indentation follows its own rule: the file's style decides (indent width,
// lists under a key indented or not).

function pairLines(key: string, value: unknown, column: number, style: YamlStyle): string[] {
  const pad = ' '.repeat(column)
  const head = `${pad}${renderScalar(key, 'PLAIN', column)}:`
  if (isCollection(value)) {
    const childColumn = Array.isArray(value) && !style.indentSeq ? column : column + style.indent
    return [
      `${head}
`,
      ...blockLines(value, childColumn, style)
    ]
  }
  return [
    `${head} ${inlineScalar(value, column + style.indent)}
`
  ]
}

function itemLines(value: unknown, column: number, style: YamlStyle): string[] {
  const pad = ' '.repeat(column)
  if (!isCollection(value))
    return [
      `${pad}- ${inlineScalar(value, column + 2)}
`
    ]
  // The first line of the item follows its dash; the rest align under it.
  const [first = '', ...rest] = blockLines(value, column + 2, style)
  return [`${pad}- ${first.slice(column + 2)}`, ...rest]
}

function blockLines(
  value: unknown[] | Record<string, unknown>,
  column: number,
  style: YamlStyle
): string[] {
  if (Array.isArray(value)) return value.flatMap(item => itemLines(item, column, style))
  return Object.entries(value).flatMap(([key, child]) => pairLines(key, child, column, style))
}

/** A non-empty list or map (an empty one is written in flow style, `[]` or `{}`). */
function isCollection(value: unknown): value is unknown[] | Record<string, unknown> {
  if (Array.isArray(value)) return value.length > 0
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0
}

function inlineScalar(value: unknown, column: number): string {
  if (Array.isArray(value)) return '[]'
  if (typeof value === 'object' && value !== null) return '{}'
  const text = renderScalar(value, 'PLAIN', column)
  // A literal block's lines follow the line its header is on.
  return text.endsWith('\n') ? text.slice(0, -1) : text
}

/** A flow collection (`{a: 1}`, `[a, b]`) on one line, padded as the old one was. */
export function renderFlow(value: unknown, padded: boolean): string {
  return stringify(value, {
    version: '1.1',
    collectionStyle: 'flow',
    flowCollectionPadding: padded,
    lineWidth: 0
  }).trimEnd()
}

/**
 * A scalar in place of an old one, in the old one's style when the value allows:
 * a double-quoted string stays double-quoted, a plain one plain unless it must be
 * quoted. `column` is where a block scalar's content is indented to. Multi-line
 * strings become a literal block unless the old one was quoted.
 */
export function renderScalar(value: unknown, old: ScalarStyle, column: number): string {
  if (typeof value === 'string' && value.includes('\n')) {
    const quoted = old === 'QUOTE_DOUBLE' || old === 'QUOTE_SINGLE'
    const block = quoted ? undefined : literalBlock(value, column)
    return block ?? JSON.stringify(value)
  }
  const scalar = new Scalar(value)
  if (typeof value === 'string' && old !== 'BLOCK_LITERAL' && old !== 'BLOCK_FOLDED') {
    scalar.type = old
  }
  const text = new Document(scalar, { version: '1.1' }).toString({ lineWidth: 0 }).trimEnd()
  // A document of one plain scalar may end with a document end marker for some values.
  return text.replace(/\n\.\.\.$/, '')
}

/** `|`, `|-` or `|+` and the lines at `column`; undefined when the text cannot be one (leading space). */
function literalBlock(value: string, column: number): string | undefined {
  if (/^[ \t]/.test(value)) return undefined
  const trailing = /\n*$/.exec(value)?.[0].length ?? 0
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+'
  const body = chomp === '+' ? value.slice(0, -1) : value.slice(0, value.length - trailing)
  const pad = ' '.repeat(column)
  const lines = body.split('\n').map(line => (line === '' ? '' : pad + line))
  return `|${chomp}\n${lines.join('\n')}\n`
}
