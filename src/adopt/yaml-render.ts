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

/** Rendered under YAML 1.1 rules, so strings that 1.1 reads as booleans or octals come out quoted. */
function options(style: YamlStyle) {
  return {
    version: '1.1' as const,
    indent: style.indent,
    indentSeq: style.indentSeq,
    lineWidth: 0,
    minContentWidth: 0
  }
}

/** Prefixes each non-empty line with `column` spaces. */
export function indentLines(text: string, column: number): string {
  const pad = ' '.repeat(column)
  return text
    .split('\n')
    .map((line, i, all) => (line === '' && i === all.length - 1 ? line : line ? pad + line : line))
    .join('\n')
}

/** `key: value` (or `key:` and a nested block), at `column`, ending with a newline. */
export function renderPair(key: string, value: unknown, column: number, style: YamlStyle): string {
  return indentLines(stringify({ [key]: value }, options(style)), column)
}

/** `- value` at `column`, ending with a newline. */
export function renderItem(value: unknown, column: number, style: YamlStyle): string {
  return indentLines(stringify([value], options(style)), column)
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
