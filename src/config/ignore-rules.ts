// Parses ignore rules (YAML: a list of rules, or {ignore: [...]}) with errors
// that name the rule and the key, so a typo never silently ignores nothing.
import { parsePointer, toPointer } from '../drift/pointer.ts'
import type { IgnoreRule } from '../types.ts'
import { loadBounded } from '../util/yaml-bounds.ts'

const SCOPE_KEYS = ['group', 'kind', 'namespace', 'name'] as const
/** The keys of a rule (schema/kube-drift-config.schema.json lists the same: a unit test checks). */
export const IGNORE_RULE_KEYS: readonly string[] = ['paths', 'managers', ...SCOPE_KEYS]
const KNOWN_KEYS = new Set<string>(IGNORE_RULE_KEYS)

export function parseIgnoreRules(text: string, origin: string): IgnoreRule[] {
  let doc: unknown
  try {
    doc = loadBounded(text)
  } catch (error) {
    const mark = (error as { mark?: { line: number } }).mark
    const where = mark ? `${origin}:${mark.line + 1}` : origin
    throw new Error(
      `${where}: invalid YAML in ignore rules: ${(error as Error).message.split('\n')[0]}`,
      {
        cause: error
      }
    )
  }
  if (doc === undefined || doc === null) return []
  const list = Array.isArray(doc) ? doc : (doc as { ignore?: unknown }).ignore
  if (!Array.isArray(list)) {
    throw new Error(`${origin}: ignore rules must be a list (or a mapping with an "ignore" list)`)
  }
  return list.map((raw, index) => parseRule(raw, `${origin}: rule ${index + 1}`))
}

function parseRule(raw: unknown, where: string): IgnoreRule {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`${where}: a rule must be a mapping with "paths" and/or "managers"`)
  }
  const record = raw as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new Error(`${where}: unknown key "${key}" (expected ${[...KNOWN_KEYS].join(', ')})`)
    }
  }
  const rule: IgnoreRule = {}
  const paths = stringList(record.paths, `${where}: paths`)
  const managers = stringList(record.managers, `${where}: managers`)
  if (!paths && !managers) throw new Error(`${where}: a rule needs "paths" or "managers"`)
  // An empty list restricts nothing: the rule would match every change in its scope.
  for (const [key, list] of [
    ['paths', paths],
    ['managers', managers]
  ] as const) {
    if (list?.length === 0) {
      throw new Error(
        `${where}: ${key} is an empty list, which would ignore every difference; list the ${key} to ignore or leave the key out`
      )
    }
  }
  for (const path of paths ?? []) {
    const problem = pointerProblem(path)
    if (problem) throw new Error(`${where}: path "${path}" ${problem}`)
  }
  if (paths) rule.paths = paths
  if (managers) rule.managers = managers
  for (const key of SCOPE_KEYS) {
    const value = record[key]
    if (value === undefined) continue
    if (typeof value !== 'string') throw new Error(`${where}: ${key} must be a string`)
    rule[key] = value
  }
  return rule
}

/**
 * Why `pointer` cannot be an ignore path: not a JSON Pointer (RFC 6901: empty or
 * "/"-separated, `~` only as `~0` or `~1`), or the empty pointer, which is the
 * whole object and would hide every difference.
 */
function pointerProblem(pointer: string): string | undefined {
  if (pointer === '') {
    return 'is the whole object (the empty JSON Pointer): ignoring it would hide every difference; name the fields to ignore'
  }
  if (!pointer.startsWith('/')) return 'is not a JSON Pointer (it must start with "/")'
  // A pointer is well formed exactly when unescaping and escaping again gives it back.
  const segments = parsePointer(pointer)
  if (toPointer(segments) !== pointer) {
    return 'is not a valid JSON Pointer: "~" must be written "~0", and "~1" stands for "/" (RFC 6901)'
  }
  // `*` matches any one segment: a path of wildcards only covers every field.
  if (segments.every(segment => segment === '*')) {
    return 'matches every field (wildcards only): ignoring it would hide every difference; name the fields to ignore'
  }
  return undefined
}

function stringList(value: unknown, where: string): string[] | undefined {
  if (value === undefined) return undefined
  const list = typeof value === 'string' ? [value] : value
  if (!Array.isArray(list) || list.some(item => typeof item !== 'string')) {
    throw new Error(`${where} must be a string or a list of strings`)
  }
  return list as string[]
}
