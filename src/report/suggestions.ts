// Suggested ignore rules as the reports show them: the YAML `check
// --suggest-ignores` prints, and a collapsed section of the Markdown report.
// Offered only: nothing is ignored until someone pastes a rule into the config.
import { type SeenBefore, suggestIgnores, suggestionsYaml } from '../drift/lifecycle/suggestions.ts'
import type { DriftReport, ResourceResult } from '../types.ts'
import { fencedBlock } from './markdown-text.ts'

/** Every target's suggestions, under a comment naming the target; a comment alone when none. */
export function suggestionsText(report: DriftReport, seenBefore?: SeenBefore): string {
  const parts = report.targets.flatMap(target => {
    const yaml = suggestionsYaml(suggestIgnores(target.resources, seenBefore))
    return yaml === ''
      ? []
      : [`# target ${target.name}: add under its ignore: (or the file's)\n${yaml}`]
  })
  if (parts.length === 0) {
    return '# no suggested ignore rules: no drift made by a controller or an admission webhook\n'
  }
  return parts.join('\n')
}

/** `<details>` with the rules in a ```yaml block; undefined when there is none. */
export function suggestionsBlock(
  resources: readonly ResourceResult[],
  seenBefore?: SeenBefore
): string | undefined {
  const suggestions = suggestIgnores(resources, seenBefore)
  if (suggestions.length === 0) return undefined
  const yaml = suggestionsYaml(suggestions)
  const intro =
    'Drift a controller or an admission webhook makes comes back after every sync. To stop reporting it, add these rules under `ignore:` in `.kube-drift.yaml`; nothing is ignored until you do.'
  return `<details><summary>💡 Suggested ignore rules (${suggestions.length})</summary>\n\n${intro}\n\n${fencedBlock(yaml, 'yaml')}\n\n</details>`
}
