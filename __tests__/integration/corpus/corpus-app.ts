// What a corpus app is: manifests written the way upstream projects write
// theirs (under __tests__/fixtures/corpus/), the ways users deploy them, and
// hand edits each with the drift kube-drift must report for it.
import type { ChangeReason } from '../../../src/types.ts'

/**
 * How the app reaches the cluster.
 * - csa: `kubectl apply` (`-k` for a kustomization), client-side, leaves last-applied.
 * - ssa: `kubectl apply --server-side` (field manager `kubectl`).
 * - helm: `helm install`, then `helm upgrade` of the same chart (plain and kustomize
 *   apps are packaged as a trivial chart of their rendered manifests).
 * - template: `helm template | kubectl apply` (client-side).
 * - template-ssa: `helm template | kubectl apply --server-side`.
 * Charts are rendered with the cluster (`--dry-run=server`) and deployed twice, the
 * second time as an upgrade, as `helm install` then `helm upgrade` would.
 */
export type DeployerName = 'csa' | 'ssa' | 'helm' | 'template' | 'template-ssa'

export const DEPLOYER_LABELS: Record<DeployerName, string> = {
  csa: 'kubectl apply',
  ssa: 'kubectl apply --server-side',
  helm: 'helm install + upgrade',
  template: 'helm template | kubectl apply',
  'template-ssa': 'helm template | kubectl apply --server-side'
}

/** One field (or resource) kube-drift must report after an edit. */
export interface Expectation {
  kind: string
  name: string
  /** the exact JSON Pointer of the change. */
  path?: string
  /**
   * a change at this pointer or anywhere below it: an atomic node replaced whole
   * (a list or struct the server treats as one value), or a keyed list whose key
   * was changed (the entry is new).
   */
  under?: string
  /** with `under`: the node is atomic, so every change in it must name `manager`. */
  atomic?: boolean
  /** a resource verdict instead of a field: deleted (Missing) or made by hand (Extra). */
  status?: 'Missing' | 'Extra'
  reason?: ChangeReason
  /**
   * the field manager the change must name; null when there is nothing to attribute
   * (a value removed by hand: who removed it is not recorded; Missing; Extra).
   */
  manager: string | null
  /** a change found names this text in its path or its live value (an added key). */
  shows?: string
}

/** A kubectl command run as admin in the app's namespace (`-n` is added). */
export type Command = string[] | { args: string[]; input: string }

export interface Edit {
  what: string
  run: Command[]
  expect: Expectation[]
}

export interface CorpusApp {
  /**
   * the project's name; each deployment renames it (whole words) to its own
   * instance name, so cluster-scoped objects, API groups and label keys of the four
   * deployments never meet.
   */
  name: string
  /** folder under __tests__/fixtures/corpus/. */
  fixture: string
  source: 'plain' | 'kustomize' | 'chart'
  /** for a kustomize app: the overlay deployed, relative to the fixture. */
  overlay?: string
  /** the namespace the app runs in, before renaming. */
  namespace: string
  /** the label selector that marks the app's objects (Extra), before renaming. */
  selector: string
  deployers: DeployerName[]
  edits: Edit[]
}
