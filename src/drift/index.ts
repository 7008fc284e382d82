// drift/: the pure comparison of desired (Git) and live (cluster) objects.
// Data in, data out: no file, network or environment access anywhere below.

export { compareInDetail, compareResource, type CompareInput, type Comparison } from './compare.ts'
export { canProveInSyncLocally } from './fast-path.ts'
export { errorResult, extraResource, missingResult, provenInSyncResult } from './results.ts'
export { isControllerOwned } from './owner-references.ts'
export { summarize } from './summary.ts'
export { filterIgnored, matchesIgnoreRule, ruleCoversResource } from './ignore.ts'
export { normalizeObject } from './normalize.ts'
export { mergeDesiredOntoLive } from './merge.ts'
export { valuesEqual } from './values.ts'
export { parseQuantity, quantitiesEqual } from './quantity.ts'
export { ownersOf, mostRecent } from './managed-fields.ts'
export { maskSecret } from './mask.ts'
// engine/ still imports keyOf from here; its home is util/resource-identity.ts.
export { keyOf } from '../util/resource-identity.ts'
export { desiredSide, type DesiredSide } from './desired-side.ts'
