// The unified diff shown to people: YAML of the (normalized, masked) live object
// against the desired side, keys sorted so only real differences produce lines.

import { FILE_HEADERS_ONLY, createTwoFilesPatch } from 'diff'
import { dump } from 'js-yaml'
import { isPlainObject } from './json.ts'
import { diffPlaceholder } from './mask.ts'

/** YAML with sorted keys and masked values in their diff form; '' for an absent side. */
export function toDiffYaml(value: unknown): string {
  if (value === undefined) return ''
  return dump(withDiffPlaceholders(value), { sortKeys: true, noRefs: true, lineWidth: -1 })
}

/** `--- live` / `+++ desired` with 3 lines of context; '' when the sides are equal. */
export function renderDiff(live: unknown, desired: unknown): string {
  const liveText = toDiffYaml(live)
  const desiredText = toDiffYaml(desired)
  if (liveText === desiredText) return ''
  return createTwoFilesPatch('live', 'desired', liveText, desiredText, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY
  })
}

function withDiffPlaceholders(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withDiffPlaceholders)
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDiffPlaceholders(v)]))
  }
  return diffPlaceholder(value)
}
