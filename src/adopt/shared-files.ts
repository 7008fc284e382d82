// Two targets may share a file (a plain folder inside another target's): each
// computed its change from the same text, and only one can be written. The
// first target keeps it; the other's fields there fail, for a second run to
// adopt, rather than one change silently overwriting the other.
import type { AdoptOutcome } from './types.ts'

const WHY = 'another target changes the same file in this run: run adopt again for this one'

export function oneChangePerFile(outcomes: readonly AdoptOutcome[]): void {
  const taken = new Set<string>()
  for (const outcome of outcomes) {
    const shared = new Set(outcome.files.map(f => f.path).filter(p => taken.has(p)))
    for (const file of outcome.files) taken.add(file.path)
    if (shared.size === 0) continue
    outcome.files = outcome.files.filter(f => !shared.has(f.path))
    outcome.failed.push(
      ...outcome.adopted
        .filter(a => shared.has(a.file))
        .map(a => ({ resource: a.resource, path: a.path, why: WHY }))
    )
    outcome.adopted = outcome.adopted.filter(a => !shared.has(a.file))
    outcome.extras = outcome.extras.filter(e => !shared.has(e.file))
  }
}
