// The unified diff shown to people: YAML of the (normalized, masked) live object
// against the desired side, keys sorted so only real differences produce lines.

import { FILE_HEADERS_ONLY, createTwoFilesPatch } from 'diff'
import { dump } from 'js-yaml'
import { isPlainObject } from './json.ts'

export const LIVE_LABEL = 'live (cluster)'
export const DESIRED_LABEL = 'desired (Git)'

/** YAML with sorted keys (masked values keep their one notation); '' for an absent side. */
export function toDiffYaml(value: unknown): string {
  if (value === undefined) return ''
  return dump(plainCopy(value), { sortKeys: true, noRefs: true, lineWidth: -1 })
}

/**
 * What applying Git would do: `--- live (cluster)` / `+++ desired (Git)`, the same
 * direction as every other part of the report, with 3 lines of context; '' when equal.
 */
export function renderDiff(live: unknown, desired: unknown): string {
  const liveText = toDiffYaml(live)
  const desiredText = toDiffYaml(desired)
  if (liveText === desiredText) return ''
  return createTwoFilesPatch(
    LIVE_LABEL,
    DESIRED_LABEL,
    liveText,
    desiredText,
    undefined,
    undefined,
    {
      context: 3,
      headerOptions: FILE_HEADERS_ONLY
    }
  )
}

/** Plain objects and arrays only: the YAML dumper refuses objects of any other kind. */
function plainCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainCopy)
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainCopy(v)]))
  }
  return value
}
