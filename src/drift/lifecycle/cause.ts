// What made a change, from the field manager that set the live value (managedFields)
// and from the server's dry-run: a person, a controller, an admission webhook or a
// deploy tool. The tables are data so README and tests can name every entry.
//
// Decisions, documented in README (Cause):
// - `kubectl` itself: an Apply is `kubectl apply --server-side` (a deploy tool); an
//   Update is a hand command (kubectl 1.35 scales, edits and patches as plain `kubectl`).
// - `kubectl-client-side-apply` and `kubectl-create` are deploy tools: they apply
//   manifests, and nothing in managedFields tells a CI job from a laptop; a value
//   they set that differs from Git was applied from other manifests than Git's.
// - Any other Apply (server-side apply) by a manager no table knows is a deploy tool.
import type { ChangeCause, FieldChange } from '../../types.ts'
import { globMatches } from '../ignore.ts'
import { isDeployer, isSystemController } from '../managers.ts'

export type CauseKind = ChangeCause['kind']

/** Exact field managers (compared case-insensitively), checked before the patterns. */
export const KNOWN_MANAGERS: Readonly<Record<string, CauseKind>> = {
  // deploy tools (besides managers.ts's deployers: helm, kubectl-client-side-apply, kubectl-create)
  argocd: 'deploy-tool',
  'argocd-controller': 'deploy-tool',
  'argocd-application-controller': 'deploy-tool',
  flux: 'deploy-tool',
  'flux-client-side-apply': 'deploy-tool',
  'kustomize-controller': 'deploy-tool',
  'helm-controller': 'deploy-tool',
  kapp: 'deploy-tool',
  // people: interactive tools
  k9s: 'person',
  lens: 'person',
  openlens: 'person',
  headlamp: 'person',
  // controllers
  'kube-controller-manager': 'controller',
  'horizontal-pod-autoscaler': 'controller',
  'cluster-autoscaler': 'controller'
}

/** Globs, in order, for the managers the exact table does not name. */
export const MANAGER_PATTERNS: readonly [string, CauseKind][] = [
  // kubectl-edit, kubectl-scale, kubectl-patch, kubectl-set, kubectl-label, kubectl-annotate, kubectl-rollout…
  ['kubectl-*', 'person'],
  ['vpa-*', 'controller'],
  ['*-operator', 'controller'],
  ['*-controller', 'controller'],
  ['*-controller-manager', 'controller']
]

export interface CauseEvidence {
  /** kube-drift's own field manager: a deploy tool. */
  fieldManager: string
  /**
   * the server's dry-run turned Git's value at this path into another one: what
   * applying writes is an admission webhook's mutation (cause.ts, mutatedOnAdmission).
   */
  mutatedOnAdmission?: boolean
}

export function causeOf(change: FieldChange, evidence: CauseEvidence): ChangeCause {
  if (evidence.mutatedOnAdmission === true) return { kind: 'webhook' }
  const manager = change.manager
  if (manager === undefined || manager === '') return { kind: 'unknown' }
  return { kind: managerKind(manager, change.operation, evidence.fieldManager), by: manager }
}

/** The class of a field manager (`operation`: Apply or Update, from managedFields). */
export function managerKind(
  manager: string,
  operation: string | undefined,
  fieldManager: string
): CauseKind {
  // kube-drift's own manager and the deployers managers.ts knows (what out-of-band drift is not).
  if (isDeployer({ manager }, fieldManager)) return 'deploy-tool'
  const name = manager.toLowerCase()
  if (name === 'kubectl') return operation === 'Apply' ? 'deploy-tool' : 'person'
  const known = Object.hasOwn(KNOWN_MANAGERS, name) ? KNOWN_MANAGERS[name] : undefined
  if (known !== undefined) return known
  const pattern = MANAGER_PATTERNS.find(([glob]) => globMatches(glob, name))
  if (pattern !== undefined) return pattern[1]
  // kube-scheduler, kubelet, kube-apiserver, system:…: the control plane.
  if (isSystemController({ manager })) return 'controller'
  if (operation === 'Apply') return 'deploy-tool'
  return 'unknown'
}

/** `person`, `deploy tool`: the class as the reports word it. */
export function causeLabel(cause: ChangeCause): string {
  return cause.kind === 'deploy-tool' ? 'deploy tool' : cause.kind
}
