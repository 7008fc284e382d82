// The unified diff of adopt's file changes (`--dry-run` shows it; the Markdown
// folds it): `a/<path>` → `b/<path>`, /dev/null for a new file, as git prints it.
import { FILE_HEADERS_ONLY, createTwoFilesPatch } from 'diff'
import type { AdoptFileChange } from '../adopt/types.ts'

export function fileDiff(change: AdoptFileChange): string {
  const from = change.before === null ? '/dev/null' : `a/${change.path}`
  return createTwoFilesPatch(
    from,
    `b/${change.path}`,
    change.before ?? '',
    change.after,
    undefined,
    undefined,
    { context: 3, headerOptions: FILE_HEADERS_ONLY }
  )
}
