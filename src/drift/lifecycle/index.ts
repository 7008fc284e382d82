// drift/lifecycle: what each change is (its severity, its cause) and which drift
// keeps coming back (suggested ignore rules). Pure: data in, data out.
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
