// Edits one document of a YAML file into a new value by splicing text: only the
// nodes whose value differs are rewritten, in place, so every other byte of the
// file (comments, key order, quoting, blank lines, other documents and their
// `---` separators) stays as it was. The `yaml` package's document model gives
// each node its source range; the file is never re-dumped.
//
// Maps are edited key by key (a new key goes after the last one, at the same
// indentation), lists item by item, items matched by their merge key
// (containers and env vars by name, ports by port) as Kubernetes merges them,
// else by position. A flow collection (`{a: 1}`) is rewritten whole, as flow.
import { isDeepStrictEqual } from 'node:util'
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml'
import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml'
import { isPlainObject } from '../drift/json.ts'
import { chooseListKey } from '../drift/list-keys.ts'
import {
  renderFlow,
  renderItem,
  renderPair,
  renderScalar,
  type ScalarStyle,
  type YamlStyle
} from './yaml-render.ts'

/** A change that cannot be made by splicing (an anchor, an alias, a key that is not a string). */
export class YamlEditError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'YamlEditError'
  }
}

export interface TextEdit {
  start: number
  end: number
  text: string
}

export interface YamlFile {
  text: string
  documents: Document.Parsed[]
}

/** Aliases a document may expand: a manifest reuses a block a few times, never thousands. */
const MAX_ALIAS_COUNT = 100

export function parseYamlFile(text: string, file: string): YamlFile {
  const documents = parseAllDocuments(text, { prettyErrors: false })
  if (!Array.isArray(documents)) return { text, documents: [] }
  for (const document of documents) {
    const [error] = document.errors
    if (error) throw new YamlEditError(`${file} is not valid YAML: ${error.message}`)
  }
  return { text, documents }
}

/** The plain value of a document. */
export function documentValue(document: Document.Parsed): unknown {
  return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
}

/** The text edits that turn document `index` of `file` into `value`. */
export function editDocument(file: YamlFile, index: number, value: unknown): TextEdit[] {
  const document = file.documents[index]
  if (!document) throw new YamlEditError(`no document ${index + 1} in the file`)
  const editor = new Editor(file.text, document)
  editor.reconcile(document.contents, value, { kind: 'root' })
  return editor.edits
}

/** Applies non-overlapping edits; edits at one offset go in the order given. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => a.edit.start - b.edit.start || a.order - b.order)
  let out = ''
  let at = 0
  for (const { edit } of sorted) {
    if (edit.start < at) throw new YamlEditError('internal error: overlapping YAML edits')
    out += text.slice(at, edit.start) + edit.text
    at = edit.end
  }
  return out + text.slice(at)
}

/** Where a node sits, which says how to replace it whole. */
type Slot =
  | { kind: 'root' }
  | { kind: 'pair'; pair: Pair<Scalar, Node | null>; column: number }
  | { kind: 'item'; node: Node; dash: number }

class Editor {
  readonly edits: TextEdit[] = []
  private readonly style: YamlStyle
  private readonly text: string
  private readonly document: Document.Parsed

  constructor(text: string, document: Document.Parsed) {
    this.text = text
    this.document = document
    this.style = detectStyle(text, document.contents)
  }

  reconcile(node: Node | null | undefined, value: unknown, slot: Slot): void {
    if (isDeepStrictEqual(this.valueOf(node), value)) return
    if (node && (isAlias(node) || node.anchor)) {
      throw new YamlEditError(
        'the field is a YAML anchor or alias, shared with other places: edit it by hand'
      )
    }
    if (isScalar(node) && isScalarValue(value)) return this.replaceScalar(node, value, slot)
    if (isMap(node) && !node.flow && isPlainObject(value) && Object.keys(value).length > 0) {
      return this.reconcileMap(node, value, slot)
    }
    if (isSeq(node) && !node.flow && Array.isArray(value) && value.length > 0) {
      return this.reconcileSeq(node, value, slot)
    }
    if (
      (isMap(node) || isSeq(node)) &&
      node.flow &&
      (isPlainObject(value) || Array.isArray(value))
    ) {
      const [start, end] = range(node)
      const padded = /^[{[] /.test(this.text.slice(start, start + 2))
      if (isMap(node) && isPlainObject(value) && this.extendFlowMap(node, value, padded)) return
      return this.push(start, end, renderFlow(value, padded))
    }
    this.replaceWhole(slot, value)
  }

  private valueOf(node: Node | null | undefined): unknown {
    if (node === null || node === undefined) return null
    return node.toJS(this.document, { maxAliasCount: MAX_ALIAS_COUNT })
  }

  /**
   * A flow map whose keys all stay, and whose changed values are scalars: each
   * value is replaced in its style and new keys go before the closing brace, so
   * `{app: api, tier: "web"}` keeps its quoting. false when that is not the case.
   */
  private extendFlowMap(map: YAMLMap, value: Record<string, unknown>, padded: boolean): boolean {
    const pairs = map.items as Pair<Scalar, Node | null>[]
    const [, end] = range(map)
    if (pairs.length === 0 || this.text[end - 1] !== '}') return false
    const keys = pairs.map(pair => (isScalar(pair.key) ? pair.key.value : undefined))
    if (!keys.every(key => typeof key === 'string' && Object.hasOwn(value, key))) return false
    const fine = pairs.every((pair, i) => {
      const next = value[keys[i] as string]
      return (
        isDeepStrictEqual(this.valueOf(pair.value), next) ||
        // A multi-line string would need a block scalar, which a flow map cannot hold.
        (isScalar(pair.value) && isScalarValue(next) && !/\n/.test(String(next)))
      )
    })
    if (!fine) return false
    pairs.forEach((pair, i) => {
      this.reconcile(pair.value, value[keys[i] as string], { kind: 'pair', pair, column: 0 })
    })
    const added = Object.keys(value).filter(key => !keys.includes(key))
    if (added.length === 0) return true
    const text = added
      .map(key => `, ${renderFlow({ [key]: value[key] }, false).slice(1, -1)}`)
      .join('')
    // Before the closing brace, and before the space that pads it.
    const at = end - 1 - (padded && this.text[end - 2] === ' ' ? 1 : 0)
    this.push(at, at, text)
    return true
  }

  private replaceScalar(node: Scalar, value: unknown, slot: Slot): void {
    const [start, end] = range(node)
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED'
    const column =
      (block && this.blockIndent(start, end)) || this.ownerColumn(slot) + this.style.indent
    let text = renderScalar(value, node.type as ScalarStyle, column)
    const renderedBlock = text.startsWith('|')
    // A block scalar's range ends after its last line break; an inline one before it.
    if (block && !renderedBlock) text += '\n'
    if (!block && renderedBlock) {
      this.inlineToBlock(start, end, text)
      return
    }
    this.push(start, end, text)
  }

  /**
   * An inline scalar that becomes a block scalar (the live value has line breaks):
   * what followed it on its line (`# why`) would become the block's content, so a
   * comment moves to the header line (`|- # why`), where YAML keeps it a comment.
   */
  private inlineToBlock(start: number, end: number, block: string): void {
    const lineEnd = this.text.indexOf('\n', end)
    const stop = lineEnd === -1 ? this.text.length : lineEnd
    const rest = this.text.slice(end, stop)
    if (!/^\s*(#.*)?$/.test(rest)) {
      throw new YamlEditError('a multi-line value where the line goes on after it')
    }
    const header = block.indexOf('\n')
    this.push(start, stop, `${block.slice(0, header)}${rest.trimEnd()}${block.slice(header, -1)}`)
  }

  private reconcileMap(map: YAMLMap, value: Record<string, unknown>, slot: Slot): void {
    const pairs = map.items as Pair<Scalar, Node | null>[]
    const first = pairs[0]
    if (!first) return this.replaceWhole(slot, value)
    const column = this.column(range(first.key)[0])
    for (const pair of pairs) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string') {
        throw new YamlEditError('a mapping key is not a string: edit it by hand')
      }
    }
    const keyOf = (pair: Pair<Scalar, Node | null>) => pair.key.value as string
    const present = new Set(pairs.map(keyOf))
    const removed = pairs.filter(pair => !Object.hasOwn(value, keyOf(pair)))
    const added = Object.keys(value).filter(key => !present.has(key))
    // A key right after a list item's dash cannot lose its line alone: rewrite the item.
    if (removed.length === pairs.length || removed.some(pair => !this.ownsLine(pair.key))) {
      return this.replaceWhole(slot, value)
    }
    for (const pair of pairs) {
      const key = keyOf(pair)
      if (Object.hasOwn(value, key)) {
        this.reconcile(pair.value, value[key], { kind: 'pair', pair, column })
      }
    }
    for (const pair of removed) {
      this.push(this.lineStart(range(pair.key)[0]), this.lineEnd(pairEnd(pair)), '')
    }
    if (added.length > 0) {
      const last = pairs.at(-1) as Pair<Scalar, Node | null>
      const text = added.map(key => renderPair(key, value[key], column, this.style)).join('')
      this.insert(this.lineEnd(pairEnd(last)), text)
    }
  }

  private reconcileSeq(seq: YAMLSeq, value: unknown[], slot: Slot): void {
    const items = seq.items as Node[]
    const dashes = items.map(item => this.dashOf(item))
    if (items.length === 0 || dashes.some(dash => dash === undefined)) {
      return this.replaceWhole(slot, value)
    }
    const olds = items.map(item => this.valueOf(item))
    const matchOf = matchItems(olds, value)
    const matched = new Set(matchOf.filter((i): i is number => i !== undefined))
    const removed = items.map((_, i) => i).filter(i => !matched.has(i))
    if (removed.length === items.length) return this.replaceWhole(slot, value)
    if (removed.some(i => !this.ownsLine(items[i] as Node, dashes[i]))) {
      return this.replaceWhole(slot, value)
    }
    const column = this.column(dashes[0] as number)
    value.forEach((item, n) => {
      const old = matchOf[n]
      if (old !== undefined) {
        this.reconcile(items[old], item, {
          kind: 'item',
          node: items[old] as Node,
          dash: dashes[old] as number
        })
      }
    })
    for (const i of removed) {
      this.push(this.lineStart(dashes[i] as number), this.lineEnd(range(items[i] as Node)[1]), '')
    }
    // A new item goes before the old item that follows it in the new list, else after the last.
    value.forEach((item, n) => {
      if (matchOf[n] !== undefined) return
      const next = matchOf.slice(n + 1).find(i => i !== undefined)
      const at =
        next === undefined
          ? this.lineEnd(range(items.at(-1) as Node)[1])
          : this.lineStart(dashes[next] as number)
      this.insert(at, renderItem(item, column, this.style))
    })
  }

  /** Rewrites the node whole (its pair, or its list item), in block style. */
  private replaceWhole(slot: Slot, value: unknown): void {
    if (slot.kind === 'root') {
      throw new YamlEditError('the document would be rewritten whole: edit it by hand')
    }
    if (slot.kind === 'pair') {
      const start = range(slot.pair.key)[0]
      const key = String(slot.pair.key.value)
      const text = renderPair(key, value, slot.column, this.style).slice(slot.column)
      return this.push(start, this.lineEnd(pairEnd(slot.pair)), text)
    }
    const column = this.column(slot.dash)
    const text = renderItem(value, column, this.style).slice(column + 2)
    this.push(range(slot.node)[0], this.lineEnd(range(slot.node)[1]), text)
  }

  /** The indentation of an old block scalar's first content line: the new lines keep it. */
  private blockIndent(start: number, end: number): number | undefined {
    const lines = this.text.slice(start, end).split('\n').slice(1)
    const first = lines.find(line => line.trim() !== '')
    return first === undefined ? undefined : first.length - first.trimStart().length
  }

  private ownerColumn(slot: Slot): number {
    if (slot.kind === 'pair') return slot.column
    if (slot.kind === 'item') return this.column(slot.dash)
    return 0
  }

  /** The offset of the `- ` that starts a block list item, when it is on the item's line. */
  private dashOf(item: Node): number | undefined {
    let at = range(item)[0] - 1
    while (at >= 0 && this.text[at] === ' ') at--
    return this.text[at] === '-' ? at : undefined
  }

  /** true when `node` (or its dash) is the first thing on its line. */
  private ownsLine(node: Node, from = range(node)[0]): boolean {
    return /^[ ]*$/.test(this.text.slice(this.lineStart(from), from))
  }

  private column(offset: number): number {
    return offset - this.lineStart(offset)
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1
  }

  /** The offset after the line break that ends the line holding `offset - 1`'s text. */
  private lineEnd(offset: number): number {
    if (offset > 0 && this.text[offset - 1] === '\n') return offset
    const next = this.text.indexOf('\n', offset)
    return next === -1 ? this.text.length : next + 1
  }

  private insert(at: number, text: string): void {
    // The last line of a file without a final line break gets one before the new lines.
    if (at === this.text.length && !this.text.endsWith('\n')) {
      this.push(at, at, `\n${text.replace(/\n$/, '')}`)
    } else {
      this.push(at, at, text)
    }
  }

  private push(start: number, end: number, text: string): void {
    if (end === this.text.length && !this.text.endsWith('\n') && text.endsWith('\n')) {
      text = text.slice(0, -1)
    }
    this.edits.push({ start, end, text })
  }
}

function range(node: Node): [number, number] {
  const [start, end] = node.range ?? []
  if (start === undefined || end === undefined) {
    throw new YamlEditError('internal error: a YAML node without a source range')
  }
  return [start, end]
}

/** Where a pair's text ends (its value's, or its key's when the value is empty). */
function pairEnd(pair: Pair<Scalar, Node | null>): number {
  return pair.value ? range(pair.value)[1] : range(pair.key)[1]
}

function isScalarValue(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
}

/** For each new item, the index of the old item it is (by merge key, else by position). */
function matchItems(olds: unknown[], news: unknown[]): (number | undefined)[] {
  const key = chooseListKey(olds, news)
  if (!key) return news.map((_, i) => (i < olds.length ? i : undefined))
  const index = new Map<string, number>()
  olds.forEach((old, i) => {
    const identity = key.identity(old as Record<string, unknown>)
    if (identity !== undefined) index.set(identity, i)
  })
  return news.map(item => index.get(key.identity(item as Record<string, unknown>) ?? '\0'))
}

/** The file's indent width and list style, from its first nested map and list. */
function detectStyle(text: string, root: Node | null): YamlStyle {
  const style: Partial<YamlStyle> = {}
  const column = (offset: number) => offset - (text.lastIndexOf('\n', offset - 1) + 1)
  const visit = (node: Node | null | undefined, depth: number): void => {
    if (!node || depth > 40 || (style.indent !== undefined && style.indentSeq !== undefined)) return
    if (isMap(node) && !node.flow) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue
        const keyColumn = column(pair.key.range[0])
        const child = pair.value as Node | null
        if (isMap(child) && !child.flow && isPair(child.items[0])) {
          const inner = (child.items[0].key as Node).range?.[0]
          if (inner !== undefined && style.indent === undefined) {
            style.indent = column(inner) - keyColumn
          }
        }
        if (isSeq(child) && !child.flow && child.items[0] && style.indentSeq === undefined) {
          const start = (child.items[0] as Node).range?.[0]
          const dash = start === undefined ? -1 : text.lastIndexOf('-', start)
          if (dash >= 0) style.indentSeq = column(dash) > keyColumn
        }
        visit(child, depth + 1)
      }
    } else if (isSeq(node) && !node.flow) {
      for (const item of node.items) visit(item as Node, depth + 1)
    }
  }
  visit(root, 0)
  const indent = style.indent !== undefined && style.indent > 0 ? style.indent : 2
  return { indent, indentSeq: style.indentSeq ?? true }
}
