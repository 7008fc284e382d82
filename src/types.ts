// The data that flows through kube-drift, stage to stage:
// inputs -> targets -> render -> desired objects -> cluster -> compare -> report.
// Everything here is plain data so the pure stages (drift/, report/) can be
// unit-tested without a network.

/** A Kubernetes object as JSON. Only the identifying fields are typed. */
export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: KubeMetadata
  [field: string]: unknown
}

export interface KubeMetadata {
  name?: string
  namespace?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  managedFields?: ManagedFieldsEntry[]
  ownerReferences?: OwnerReference[]
  [field: string]: unknown
}

export interface OwnerReference {
  apiVersion: string
  kind: string
  name: string
  uid: string
  controller?: boolean
}

/** One entry of metadata.managedFields (server-side apply field ownership). */
export interface ManagedFieldsEntry {
  manager?: string
  operation?: 'Apply' | 'Update'
  apiVersion?: string
  time?: string
  fieldsType?: string
  fieldsV1?: Record<string, unknown>
  subresource?: string
}

/** Where a desired object was written, for error messages and report links. */
export interface SourceRef {
  file: string
  /** 1-based line of the document's first line. */
  line: number
  /** Helm template that produced it, when rendered by Helm. */
  template?: string
}

/** An object from Git, as rendered, with where it came from. */
export interface DesiredObject {
  object: KubeObject
  source: SourceRef
}

/** The identity of a resource: group/version/kind plus namespace and name. */
export interface ResourceKey {
  apiVersion: string
  kind: string
  namespace?: string
  name: string
}

export type Verdict = 'InSync' | 'Drifted' | 'Missing' | 'Extra' | 'Error'

/** How a resource was compared. */
export type ComparisonMethod =
  /** server-side apply dry-run: the API server computed the result of applying. */
  | 'server'
  /** desired fields as a subset of live, with normalization, no server call. */
  | 'local'
  /** nothing to compare (Missing, Extra, Error). */
  | 'none'

/** Why a field differs. */
export type ChangeReason =
  /** desired and live hold different values: applying would change it. */
  | 'changed'
  /** in Git, absent from the cluster. */
  | 'missing-live'
  /** in the cluster only, set by a manager that is not the deployer. */
  | 'added-out-of-band'
  /** applied before by the deployer, since removed from Git: applying would remove it. */
  | 'removed-from-git'

/** One drifted field. Values of sensitive fields are never included, only a salted hash. */
export interface FieldChange {
  /** JSON Pointer (RFC 6901) into the live object (or the desired one when absent live). */
  path: string
  reason: ChangeReason
  desired?: unknown
  live?: unknown
  /** true when desired/live were replaced by a masked placeholder (Secret data). */
  sensitive?: boolean
  /** the field manager that last set the live value, from managedFields. */
  manager?: string
  operation?: string
  /** the subresource the manager wrote through (`scale` for kubectl scale and the HPA). */
  subresource?: string
  time?: string
  /** on a pull request: the PR brings this difference, or it was there at the base already. */
  origin?: ChangeOrigin
  /** how much the difference matters (drift/lifecycle/severity.ts, the documented rule table). */
  severity?: Severity
  /** one line: which rule gave the severity and why. */
  severityReason?: string
  /** what made the live value (drift/lifecycle/cause.ts). */
  cause?: ChangeCause
  /** with a history (`--state`, the drift issue): when a run first saw this field drifted. */
  firstSeen?: string
  /** with a history: drifted since the last run (`new`), or drifted then too (`still`). */
  lifecycle?: 'new' | 'still'
}

/** Severity of a change, most severe first (drift/lifecycle/threshold.ts orders them). */
export type Severity = 'critical' | 'high' | 'medium' | 'low'

/** What made a change: a person, a controller, an admission webhook, a deploy tool; `by` names the field manager. */
export interface ChangeCause {
  kind: 'person' | 'controller' | 'webhook' | 'deploy-tool' | 'unknown'
  by?: string
}

/** A `.kube-drift.yaml` `severity:` entry: changes at (or under) `path`, of `kind` when given, get `severity`. */
export interface SeverityOverride {
  /** a glob on the resource's kind; absent = any. */
  kind?: string
  /** JSON Pointer; `*` matches one segment. */
  path: string
  severity: Severity
}

/** With a history: a field drifted at the last run that is not any more. */
export interface ResolvedField extends ResourceKey {
  /** JSON Pointer, as in FieldChange. */
  path: string
  firstSeen: string
  severity?: Severity
}

/** On a pull request, compared with the same check at the PR's base commit. */
export type ChangeOrigin = 'introduced' | 'pre-existing'

export interface ResourceResult extends ResourceKey {
  status: Verdict
  method: ComparisonMethod
  source?: SourceRef
  changes: FieldChange[]
  /** unified diff, live -> desired, with sensitive values masked. Empty when in sync. */
  diff: string
  error: string | null
  /** number of changes silenced by ignore rules. */
  ignored: number
  /** on a pull request: whether the PR brings this resource's drift (`mixed`: some changes each). */
  origin?: ChangeOrigin | 'mixed'
  /** differences that could not be compared (a Helm chart's lookup did not run): never drift, never hidden. */
  notComparable?: NotComparableField[]
}

/** A difference left out of the verdict because the desired value is not known. */
export interface NotComparableField {
  /** JSON Pointer, as in FieldChange. */
  path: string
  /**
   * generated: the chart generates the value at render time (two renders differ), and only lookup keeps it;
   * lookup: the template derives the value from lookup, and helm wrote the live one.
   */
  reason: 'generated' | 'lookup'
  /** the field manager of the live value. */
  manager?: string
}

/** A Helm chart that uses lookup, rendered without the cluster: what cannot be compared, and why. */
export interface HelmLookupGap {
  /** why lookup did not run (policy, or what the identity may not read). */
  reason: string
  /** the templates that call lookup. */
  templates: string[]
  resources: {
    /** as rendered (the namespace may be absent: the release's). */
    key: ResourceKey
    /** JSON Pointers whose value differs between two renders. */
    generated: string[]
    /**
     * JSON Pointers under which the values helm wrote may come from lookup: [''] (the whole
     * object) for a template that uses lookup, its annotations for one that only includes a
     * computed template name (a checksum); empty for the others.
     */
    lookupScope: string[]
  }[]
}

export interface TargetReport {
  name: string
  renderer: 'plain' | 'kustomize' | 'helm'
  path: string
  /** server when every compared resource used the server dry-run; local or mixed otherwise. */
  comparison: 'server' | 'local' | 'mixed' | 'none'
  /** things the reader should know: fallbacks, ignored counts, skipped hooks. */
  notes: string[]
  resources: ResourceResult[]
  /** with a history: what was drifted at the last run and is not any more. */
  resolved?: ResolvedField[]
}

export interface DriftSummary {
  resources: number
  inSync: number
  drifted: number
  missing: number
  extra: number
  errors: number
  ignored: number
}

export interface DriftReport {
  apiVersion: 'kube-drift/v1'
  kind: 'DriftReport'
  generatedAt: string
  /** warning: the server's version is outside the tested range (src/cluster/tested-versions.ts). */
  cluster?: { server: string; context: string; version?: string; warning?: string }
  summary: DriftSummary
  targets: TargetReport[]
}

/** An ignore rule: silences matching changes (they are counted, not shown). */
export interface IgnoreRule {
  /** JSON Pointers; `*` matches one segment (any list index or key). */
  paths?: string[]
  /** field managers whose changes are ignored. */
  managers?: string[]
  /** scope: globs on group ("apps", "" for core), kind, namespace, name. Absent = any. */
  group?: string
  kind?: string
  namespace?: string
  name?: string
}
