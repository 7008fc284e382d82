// The last line of defence against a leaked credential: one registry of the
// run's secrets (the kubeconfig's credentials, the GitHub token), filled at
// startup, and a scrub applied at every edge where text leaves kube-drift —
// the log, the job summary, the step outputs, the report files and every
// GitHub API body. Secret values in the cluster are masked long before (see
// drift/mask.ts); this catches what nobody expected to be there, such as a
// token a template read from the environment or a key stored in a ConfigMap.
//
// A form of a secret is found whole, and also in part: any run of GRAM
// characters of it is masked, so a value cut short for a table cell
// ("ghp_abc…xyz") or broken over lines is masked as well.
import { secretForms } from './secret-variants.ts'

/** What the runner prints for a masked value. */
export const MASK = '***'

/** Shorter parts of a secret could be ordinary text; longer ones are the secret. */
const GRAM = 12

/**
 * Characters that break a value over lines without being part of it: line
 * breaks and indentation, `\n` escaped once or more (JSON, JSON in JSON), and
 * `%0A` (workflow commands).
 */
const SEPARATOR = /[ \t\r\n]+|\\+[nrt]|%0[ADad]/g
/** The same, and the `+`/`-` that start each line of a unified diff. */
const DIFF_SEPARATOR = /(?:\r?\n|\\+n|%0[Aa])[+-]?[ \t]*|[ \t\r]+|\\+[rt]|%0[Dd]/g
/** A PEM armour line (`-----BEGIN PRIVATE KEY-----`): no secret, and the same in every key. */
const ARMOUR = /-----(?:BEGIN|END) [A-Z0-9 ]+-----/
/** A line break and what starts the next line of a diff: kept inside a masked stretch. */
const LINE_START = /(\r?\n[+-]?[ \t]*)/

type Range = [start: number, end: number]

export class SecretScrubber {
  /** every GRAM-long part of every form at least that long. */
  private readonly grams = new Set<string>()
  /** their rolling hashes, so the text is searched without cutting it into strings. */
  private readonly gramHashes = new Set<number>()
  /** forms shorter than GRAM, found whole. */
  private readonly short = new Set<string>()
  private readonly registered = new Set<string>()

  /** Registers a secret in all its forms; empty and very short values are ignored. */
  register(secret: string | undefined): void {
    if (!secret || this.registered.has(secret)) return
    const forms = secretForms(secret)
    if (forms.length === 0) return
    this.registered.add(secret)
    for (const form of forms) {
      if (form.length < GRAM) {
        this.short.add(form)
        continue
      }
      // The armour is left out: masked, it would hide which kind of key a line is about.
      for (const piece of form.split(ARMOUR)) {
        for (let i = 0; i + GRAM <= piece.length; i++) {
          const gram = piece.slice(i, i + GRAM)
          this.grams.add(gram)
          this.gramHashes.add(hashOf(gram, 0))
        }
      }
    }
  }

  get size(): number {
    return this.registered.size
  }

  /** `text` with every form of every registered secret, whole or in part, replaced by `***`. */
  scrub(text: string): string {
    if (this.registered.size === 0 || text.length === 0) return text
    const ranges: Range[] = []
    for (const form of this.short) findAll(text, form, ranges)
    this.findGrams(text, identity, ranges)
    for (const separator of [SEPARATOR, DIFF_SEPARATOR]) {
      const { compacted, origin } = compact(text, separator)
      if (compacted.length < text.length) this.findGrams(compacted, i => origin[i]!, ranges)
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

  /** Ranges (in the original text, through `at`) of every registered part found in `text`. */
  private findGrams(text: string, at: (index: number) => number, ranges: Range[]): void {
    if (this.grams.size === 0 || text.length < GRAM) return
    let hash = hashOf(text, 0)
    for (let i = 0; ; i++) {
      if (this.gramHashes.has(hash) && this.grams.has(text.slice(i, i + GRAM))) {
        ranges.push([at(i), at(i + GRAM - 1) + 1])
      }
      if (i + GRAM >= text.length) return
      hash = roll(hash, text.charCodeAt(i), text.charCodeAt(i + GRAM))
    }
  }
}

/** The process's registry: filled once at startup by the action or the CLI. */
export const secrets = new SecretScrubber()

const identity = (index: number) => index

// A polynomial rolling hash (mod 2^32) of GRAM characters: one step per character.
const BASE = 257
const BASE_POWER = Array.from({ length: GRAM - 1 }).reduce<number>(
  power => Math.imul(power, BASE),
  1
)

function hashOf(text: string, start: number): number {
  let hash = 0
  for (let i = start; i < start + GRAM; i++) hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) | 0
  return hash
}

function roll(hash: number, leaving: number, entering: number): number {
  return (Math.imul(hash - Math.imul(leaving, BASE_POWER), BASE) + entering) | 0
}

function findAll(text: string, needle: string, ranges: Range[]): void {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    ranges.push([at, at + needle.length])
  }
}

/** `text` with the separators taken out, and where each kept character came from. */
function compact(text: string, separator: RegExp): { compacted: string; origin: Int32Array } {
  const kept: string[] = []
  const origin = new Int32Array(text.length)
  let length = 0
  let from = 0
  const keep = (to: number) => {
    kept.push(text.slice(from, to))
    for (let i = from; i < to; i++) origin[length++] = i
  }
  for (const match of text.matchAll(separator)) {
    keep(match.index)
    from = match.index + match[0].length
  }
  keep(text.length)
  return { compacted: kept.join(''), origin }
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
      out += text.slice(at, open[0]) + masked(text.slice(open[0], open[1]))
      at = open[1]
    }
    open = [range[0], range[1]]
  }
  if (open) {
    out += text.slice(at, open[0]) + masked(text.slice(open[0], open[1]))
    at = open[1]
  }
  return out + text.slice(at)
}

/** A secret over several lines keeps its lines (and a diff its markers): one `***` per line. */
function masked(stretch: string): string {
  return stretch
    .split(LINE_START)
    .map((part, i) => (i % 2 === 1 ? part : part && MASK))
    .join('')
}
