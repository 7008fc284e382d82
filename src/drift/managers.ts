// Who is who among field managers: the tools that deploy from Git, the control
// plane's own controllers, and everyone else (people, scripts, other controllers).

import type { ManagedFieldsEntry } from '../types.ts'

/** Managers that deploy manifests (besides ours and any server-side applier). */
const DEPLOYER_MANAGERS = [
  'kubectl-client-side-apply',
  'kubectl-create',
  'helm',
  'before-first-apply'
]

/** The control plane: what it sets is never out-of-band drift. */
const SYSTEM_CONTROLLERS = [
  'kube-controller-manager',
  'kube-scheduler',
  'kubelet',
  'kube-apiserver'
]

/** Server-side appliers whose owned fields are removed when Git drops them. */
const REMOVING_APPLIERS = ['kubectl']

export function isDeployer(entry: ManagedFieldsEntry, fieldManager: string): boolean {
  if (entry.operation === 'Apply') return true
  const manager = entry.manager ?? ''
  return manager === fieldManager || DEPLOYER_MANAGERS.includes(manager)
}

export function isSystemController(entry: ManagedFieldsEntry): boolean {
  const manager = entry.manager ?? ''
  return SYSTEM_CONTROLLERS.includes(manager) || manager.startsWith('system:')
}

/** A manager that is neither a deployer nor the control plane: a hand edit or a foreign tool. */
export function isOutOfBandManager(entry: ManagedFieldsEntry, fieldManager: string): boolean {
  return (
    !isDeployer(entry, fieldManager) && !isSystemController(entry) && entry.subresource !== 'status'
  )
}

/**
 * A server-side apply whose next run (by kube-drift or `kubectl apply --server-side`)
 * removes the fields it owns that are no longer in Git.
 */
export function removesDroppedFields(entry: ManagedFieldsEntry, fieldManager: string): boolean {
  if (entry.operation !== 'Apply' || entry.subresource !== undefined) return false
  const manager = entry.manager ?? ''
  return manager === fieldManager || REMOVING_APPLIERS.includes(manager)
}
