// The last line of defence against a leaked credential: one registry of the
// run's secrets (the kubeconfig's credentials, the GitHub token), filled at
// startup, and a scrub applied at every edge where text leaves kube-drift —
// the log, the job summary, the step outputs, the report files and every
// GitHub API body. Secret values in the cluster are masked long before (see
// drift/mask.ts); this catches what nobody expected to be there, such as a
// token a template read from the environment or a key stored in a ConfigMap.
import { secretForms } from './secret-variants.ts'

/** What the runner prints for a masked value. */
export const MASK = '***'

/**
 * Characters that break a value over lines without being part of it: line
 * breaks and indentation, `\n` escaped once or more (JSON, JSON in JSON), and
 * `%0A` (workflow commands).
 */
const SEPARATOR = /[ \t\r\n]+|\\+[nrt]|%0[ADad]/g
/** The same, and the `+`/`-` that start each line of a unified diff. */
const DIFF_SEPARATOR = /(?:\r?\n|\\+n|%0[Aa])[+-]?[ \t]*|[ \t\r]+|\\+[rt]|%0[Dd]/g

type Range = [start: number, end: number]

export class SecretScrubber {
  private readonly exact = new Set<string>()
  private readonly compact = new Set<string>()
  private readonly registered = new Set<string>()

  /** Registers a secret in all its forms; empty and very short values are ignored. */
  register(secret: string | undefined): void {
    if (!secret || this.registered.has(secret)) return
    this.registered.add(secret)
    const forms = secretForms(secret)
    for (const form of forms.exact) this.exact.add(form)
    for (const form of forms.compact) this.compact.add(form)
  }

  get size(): number {
    return this.registered.size
  }

  /** `text` with every form of every registered secret replaced by `***`. */
  scrub(text: string): string {
    if (this.registered.size === 0 || text.length === 0) return text
    const ranges: Range[] = []
    for (const form of [...this.exact, ...this.compact]) findAll(text, form, ranges)
    if (this.compact.size > 0) {
      for (const separator of [SEPARATOR, DIFF_SEPARATOR]) {
        findCompacted(text, separator, this.compact, ranges)
      }
    }
    return replaceRanges(text, ranges)
  }

  /** Every string inside `value` (objects, arrays) scrubbed; other values as they are. */
  scrubValue<T>(value: T): T {
    if (typeof value === 'string') return this.scrub(value) as T
    if (Array.isArray(value)) return value.map(item => this.scrubValue(item) as unknown) as T
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, this.scrubValue(item)])
      ) as T
    }
    return value
  }
}

/** The process's registry: filled once at startup by the action or the CLI. */
export const secrets = new SecretScrubber()

function findAll(text: string, needle: string, ranges: Range[]): void {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    ranges.push([at, at + needle.length])
  }
}

/**
 * Finds the needles in `text` with the separators taken out, and maps each
 * hit back to the stretch of the original text it spans.
 */
function findCompacted(
  text: string,
  separator: RegExp,
  needles: Iterable<string>,
  ranges: Range[]
): void {
  const kept: string[] = []
  const origin: number[] = []
  let from = 0
  const keep = (to: number) => {
    kept.push(text.slice(from, to))
    for (let i = from; i < to; i++) origin.push(i)
  }
  for (const match of text.matchAll(separator)) {
    keep(match.index)
    from = match.index + match[0].length
  }
  keep(text.length)
  const compacted = kept.join('')
  if (compacted.length === text.length) return
  for (const needle of needles) {
    const hits: Range[] = []
    findAll(compacted, needle, hits)
    for (const [start, end] of hits) ranges.push([origin[start]!, origin[end - 1]! + 1])
  }
}

function replaceRanges(text: string, ranges: Range[]): string {
  if (ranges.length === 0) return text
  ranges.sort((a, b) => a[0] - b[0])
  let out = ''
  let at = 0
  let open: Range | undefined
  for (const range of ranges) {
    if (open && range[0] <= open[1]) {
      open[1] = Math.max(open[1], range[1])
      continue
    }
    if (open) {
      out += text.slice(at, open[0]) + MASK
      at = open[1]
    }
    open = [range[0], range[1]]
  }
  if (open) {
    out += text.slice(at, open[0]) + MASK
    at = open[1]
  }
  return out + text.slice(at)
}
