// The history written where it is kept: a hidden HTML comment in the drift
// issue's body, `<!-- kube-drift-history:v1:<base64url JSON> -->`, at most
// 16,000 characters, and the same JSON document in a `--state` file.
//
// Reading never throws: anyone can edit an issue body, so a block that is
// cut, re-encoded, of another version, too long or of the wrong shape gives an
// empty state marked partial (nothing is called new or resolved from it) and a
// warning saying why. Writing is deterministic (sorted), so an unchanged state
// gives the same text, and an unchanged night leaves the body as it is.
//
// The JSON is compact, since the block shares the body's 65,536 characters
// with the report: fields are grouped by resource, times are epoch seconds:
//   {"v":1,"c":<changedAt>,"n":<cut>,"r":[[target, apiVersion, kind, namespace, name,
//     [[pointer, firstSeen, severity|null, fingerprint|null], …]], …]}
// At about 50 characters a field, 16,000 keep some 230 fields.
import type { Severity } from '../../types.ts'
import { isSeverity } from './threshold.ts'
import { STATE_VERSION, emptyState, fieldKey, type DriftState, type FieldEntry } from './state.ts'

export const HISTORY_MARKER_PREFIX = '<!-- kube-drift-history:'
const SUFFIX = ' -->'
export const STATE_BLOCK_LIMIT = 16_000
const BLOCK = /^<!-- kube-drift-history:v(\d+):([A-Za-z0-9_-]*) -->$/

export interface ReadState {
  state: DriftState
  /** why the block was not used: the state was rebuilt empty. */
  warning?: string
}

export interface WrittenState {
  text: string
  /** what the text holds: `state` less what the bound left out. */
  state: DriftState
}

/** Lowest first: what the size bound drops first. Unknown severities rank lowest. */
const SEVERITY_RANK: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 }

// ---------- the JSON document ----------

type FieldRow = [string, number, Severity | null, string | null]
type ResourceRow = [string, string, string, string, string, FieldRow[]]
interface StateDocument {
  v: number
  c?: number
  n?: number
  r: ResourceRow[]
}

export function stateToJson(state: DriftState): string {
  const groups = new Map<string, ResourceRow>()
  const entries = [...state.entries.values()].sort((a, b) => compare(fieldKey(a), fieldKey(b)))
  for (const entry of entries) {
    const { target, resource } = entry
    const id = JSON.stringify([
      target,
      resource.apiVersion,
      resource.kind,
      resource.namespace,
      resource.name
    ])
    let row = groups.get(id)
    if (!row) {
      row = [
        target,
        resource.apiVersion,
        resource.kind,
        resource.namespace ?? '',
        resource.name,
        []
      ]
      groups.set(id, row)
    }
    row[5].push([
      entry.path,
      epoch(entry.firstSeen),
      entry.severity ?? null,
      entry.fingerprint ?? null
    ])
  }
  const document: StateDocument = {
    v: STATE_VERSION,
    ...(state.changedAt === undefined ? {} : { c: epoch(state.changedAt) }),
    ...(state.cut > 0 ? { n: state.cut } : {}),
    r: [...groups.values()]
  }
  return JSON.stringify(document)
}

/** The state a JSON document holds; never throws. */
export function stateFromJson(text: string): ReadState {
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch {
    return rebuilt('it is not JSON')
  }
  if (!isRecord(document)) return rebuilt('it is not a JSON object')
  if (document.v !== STATE_VERSION) {
    return rebuilt(
      `it is version ${JSON.stringify(document.v)}, and this kube-drift reads version ${STATE_VERSION}`
    )
  }
  const problem = shapeProblem(document)
  if (problem) return rebuilt(problem)
  const valid = document as unknown as StateDocument
  const state = emptyState()
  if (valid.c !== undefined) state.changedAt = iso(valid.c)
  if (valid.n !== undefined && valid.n > 0) {
    state.cut = valid.n
    state.partial = true
  }
  for (const [target, apiVersion, kind, namespace, name, fields] of valid.r) {
    const resource = { apiVersion, kind, ...(namespace ? { namespace } : {}), name }
    for (const [path, firstSeen, severity, fingerprint] of fields) {
      const entry: FieldEntry = {
        target,
        resource,
        path,
        firstSeen: iso(firstSeen),
        ...(severity === null ? {} : { severity }),
        ...(fingerprint === null ? {} : { fingerprint })
      }
      state.entries.set(fieldKey(entry), entry)
    }
  }
  return { state }
}

// ---------- the block in the issue body ----------

/**
 * The block line, at most `limit` characters. When the state does not fit, the
 * lowest-severity fields go first, the newest of them first (they have the least
 * history to lose; and since a field left out is counted as still there and
 * first seen anew, it is again among the newest: the same fields stay out night
 * after night, and the block stays the same). The count left out is kept (`cut`).
 */
export function writeStateBlock(state: DriftState, limit = STATE_BLOCK_LIMIT): WrittenState {
  const whole = blockOf(state)
  if (whole.length <= limit) return { text: whole, state }
  const ranked = [...state.entries.entries()].sort(([keyA, a], [keyB, b]) => {
    const bySeverity = rank(b) - rank(a)
    if (bySeverity !== 0) return bySeverity
    const byAge = compare(a.firstSeen, b.firstSeen)
    return byAge !== 0 ? byAge : compare(keyA, keyB)
  })
  // Keep the most that fit (fewer entries always make a shorter block): bisection.
  const kept = (count: number): DriftState => ({
    ...state,
    entries: new Map(ranked.slice(0, count)),
    cut: ranked.length - count,
    partial: count < ranked.length
  })
  let low = 0
  let high = ranked.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (blockOf(kept(middle)).length <= limit) low = middle
    else high = middle - 1
  }
  const cut = kept(low)
  return { text: blockOf(cut), state: cut }
}

/** The state a block line holds (`undefined`: no block, a new history); never throws. */
export function readStateBlock(line: string | undefined, limit = STATE_BLOCK_LIMIT): ReadState {
  if (line === undefined) return { state: emptyState() }
  if (line.length > limit)
    return rebuilt(`it is ${line.length} characters, over the ${limit} allowed`)
  const match = BLOCK.exec(line)
  if (!match) return rebuilt('it is not a kube-drift-history:v<N>:<base64url> comment')
  const version = Number(match[1])
  if (version !== STATE_VERSION) {
    return rebuilt(`it is version ${version}, and this kube-drift reads version ${STATE_VERSION}`)
  }
  const payload = match[2] ?? ''
  const json = Buffer.from(payload, 'base64url').toString('utf8')
  // Node skips characters it cannot decode: a payload that does not round-trip was altered.
  if (Buffer.from(json, 'utf8').toString('base64url') !== payload) {
    return rebuilt('its base64url does not decode')
  }
  return stateFromJson(json)
}

function blockOf(state: DriftState): string {
  const payload = Buffer.from(stateToJson(state), 'utf8').toString('base64url')
  return `${HISTORY_MARKER_PREFIX}v${STATE_VERSION}:${payload}${SUFFIX}`
}

// ---------- validation ----------

function shapeProblem(document: Record<string, unknown>): string | undefined {
  if (document.c !== undefined && !isTime(document.c)) return 'its change time is not a time'
  if (document.n !== undefined && !isCount(document.n)) return 'its cut count is not a count'
  if (!Array.isArray(document.r)) return 'it has no list of resources'
  for (const row of document.r) {
    if (!Array.isArray(row) || row.length !== 6) return 'a resource is not a list of six'
    const [target, apiVersion, kind, namespace, name, fields] = row as unknown[]
    if (![target, namespace].every(value => typeof value === 'string')) {
      return 'a resource has a target or namespace that is not a string'
    }
    if (![apiVersion, kind, name].every(value => typeof value === 'string' && value !== '')) {
      return 'a resource has no apiVersion, kind or name'
    }
    if (!Array.isArray(fields)) return 'a resource has no list of fields'
    for (const field of fields) {
      if (!Array.isArray(field) || field.length !== 4) return 'a field is not a list of four'
      const [path, firstSeen, severity, fingerprint] = field as unknown[]
      if (typeof path !== 'string' || !/^(\/([^~/]|~[01])*)*$/.test(path)) {
        return 'a field has a path that is not a JSON Pointer'
      }
      if (!isTime(firstSeen)) return 'a field has a first-seen time that is not a time'
      if (severity !== null && !isSeverity(severity)) return 'a field has a bad severity'
      if (fingerprint !== null && typeof fingerprint !== 'string') {
        return 'a field has a bad fingerprint'
      }
    }
  }
  return undefined
}

function rebuilt(why: string): ReadState {
  const state = emptyState()
  state.partial = true
  return {
    state,
    warning: `the drift history could not be read (${why}): it was rebuilt from this run, so first-seen times start again now`
  }
}

/** Epoch seconds between 2000 and 2200: anything else is not a time kube-drift wrote. */
function isTime(value: unknown): value is number {
  return (
    Number.isInteger(value) && (value as number) >= 946_684_800 && (value as number) < 7_258_118_400
  )
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function epoch(time: string): number {
  return Math.floor(Date.parse(time) / 1000)
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
}

function rank(entry: FieldEntry): number {
  return SEVERITY_RANK[entry.severity ?? ''] ?? 0
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
