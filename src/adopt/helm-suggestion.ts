// A Helm chart's rendered output cannot be traced back to the values that made
// it (a value may feed many fields, a field may come from a template's logic),
// so adopt writes nothing for a Helm target: it says what changed, from which
// template, for a person to carry into the values.
import type { Target } from '../config/target.ts'
import type { FieldChange, SourceRef } from '../types.ts'
import type { HelmSuggestion } from './types.ts'

export function helmSuggestion(
  resource: string,
  change: FieldChange,
  source: SourceRef | undefined,
  target: Target
): HelmSuggestion {
  return {
    resource,
    path: change.path,
    reason: change.reason,
    ...(change.live !== undefined ? { live: change.live } : {}),
    ...(change.desired !== undefined ? { desired: change.desired } : {}),
    ...(source ? { template: source.template ?? source.file } : {}),
    chart: target.paths[0] ?? '.',
    valuesFiles: target.helm?.values ?? []
  }
}
