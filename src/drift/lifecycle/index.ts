// drift/lifecycle: what each change is (its severity, its cause) and which drift
// keeps coming back (suggested ignore rules), and since when it is there (the
// history kept across runs). Pure: data in, data out.
export { causeOf, causeLabel, managerKind, type CauseEvidence } from './cause.ts'
export { mutatedOnAdmission } from './admission.ts'
export { SEVERITY_RULES, severityOf, type SeverityRule, type SeverityResult } from './severity.ts'
export {
  suggestIgnores,
  suggestionsYaml,
  type SeenBefore,
  type SuggestedIgnore
} from './suggestions.ts'
export { SEVERITIES, atLeast, highestSeverity, isSeverity, severityRank } from './threshold.ts'
export { classifyResult, type ClassifyEvidence } from './classify.ts'
// Drift over time (part 2): the history, its merge, its block, what was seen before.
export { emptyState, fieldKey, type DriftState, type FieldEntry } from './state.ts'
export { track, type Lifecycle, type TrackResult, type TrackedField } from './track.ts'
export { withHistory } from './annotate.ts'
export { readStateBlock, writeStateBlock, stateFromJson, stateToJson } from './state-block.ts'
export { seenBeforeIn } from './seen-before.ts'
