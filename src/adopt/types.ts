// What `kube-drift adopt` takes and what it hands back, per target: the file
// changes (computed whether or not they are written), what was adopted, what
// was skipped on purpose and what could not be adopted, with why, Helm values
// suggestions, and the re-check after writing. Plain data: the report
// renderers (report/adopt-*.ts) and the action's `mode: adopt` read it.
import type { CheckOptions } from '../engine/check.ts'
import type { ChangeReason, Verdict } from '../types.ts'

export interface AdoptOptions extends Omit<CheckOptions, 'sessions'> {
  /** `Kind/namespace/name` (or `Kind/name` for cluster-scoped objects; Kind may be `Kind.group`): only these. */
  only?: string[]
  /** JSON Pointers: only changes at or under one of them. */
  fields?: string[]
  /** a folder (relative to the workspace) to write Extra objects into, as new files. */
  includeExtra?: string
  /** compute and show the changes, write nothing, re-check nothing. */
  dryRun?: boolean
  /**
   * write the file changes into the workspace (default true unless dryRun). The action
   * may pass false and commit `files` itself; without writing there is no re-check.
   */
  write?: boolean
  /** the repository root: nothing is read or written outside it (symlinks followed). */
  workspace: string
}

/** One file's new text. */
export interface AdoptFileChange {
  /** relative to the workspace, `/` separators. */
  path: string
  /** the text before; null for a new file. */
  before: string | null
  after: string
}

/** A field whose live value was written into Git (or removed from it). */
export interface AdoptedField {
  /** formatResource of the resource: `Deployment.apps web/api`. */
  resource: string
  /** JSON Pointer into the live object (as in FieldChange). */
  path: string
  reason: ChangeReason
  /** set: the live value was written; remove: the field was removed from Git. */
  action: 'set' | 'remove'
  /** the value written (absent for remove). Never a sensitive value. */
  value?: unknown
  /** the file it went to, relative to the workspace. */
  file: string
}

/** A field (or a whole resource, path '') left alone, with why. */
export interface AdoptSkip {
  resource: string
  path: string
  why: string
}

/** A Helm target's drifted field: the values edit a person should make, never written. */
export interface HelmSuggestion {
  resource: string
  path: string
  reason: ChangeReason
  /** the live value (absent when the field is absent live). */
  live?: unknown
  desired?: unknown
  /** the chart template that rendered the resource (`templates/deployment.yaml`). */
  template?: string
  /** the chart folder, and the values files the target uses. */
  chart: string
  valuesFiles: string[]
}

/** An Extra object written as a new file. */
export interface AdoptedExtra {
  resource: string
  file: string
}

/** The check after writing, for one adopted resource. */
export interface RecheckEntry {
  resource: string
  status: Verdict
  /** adopted fields that still differ after writing (empty: adopted). */
  stillDiffering: string[]
  error?: string
}

export interface AdoptOutcome {
  /** the target's name. */
  target: string
  renderer: 'plain' | 'kustomize' | 'helm'
  dryRun: boolean
  /** true when `files` were written into the workspace. */
  written: boolean
  files: AdoptFileChange[]
  adopted: AdoptedField[]
  extras: AdoptedExtra[]
  /** left alone on purpose: Secret values, Extra objects without --include-extra. */
  skipped: AdoptSkip[]
  /** could not be adopted (fail closed): no single source, a generator, an anchor, a Missing object. */
  failed: AdoptSkip[]
  /** Helm targets: suggested values edits; nothing is written for them. */
  suggestions: HelmSuggestion[]
  /** resources the check could not compare (their Error). */
  errors: AdoptSkip[]
  /** the re-check of the adopted resources; null when nothing was written. */
  recheck: RecheckEntry[] | null
}
