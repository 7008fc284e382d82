// The evidence for cause "webhook": the server's dry-run (which runs the mutating
// admission webhooks and plugins) turned Git's value into another one. When live
// differs from that prediction, what applying Git writes is the mutation, not Git:
// an admission webhook makes this change, whoever set the live value.
import type { FieldChange, KubeObject } from '../../types.ts'
import { parsePointer, valueAt } from '../pointer.ts'
import { valuesEqual } from '../values.ts'

/**
 * `git` is the desired object and `predicted` the dry-run's answer, both normalized
 * the same way (unmasked: values are only compared, never shown). Only a `changed`
 * field counts, and only against a server dry-run: a local merge mutates nothing.
 * Paths carry live list indices; lists Git and the cluster order alike are assumed.
 */
export function mutatedOnAdmission(
  change: FieldChange,
  git: KubeObject,
  predicted: KubeObject
): boolean {
  if (change.reason !== 'changed' || change.path === '') return false
  const segments = parsePointer(change.path)
  const fromGit = valueAt(git, segments)
  const fromServer = valueAt(predicted, segments)
  if (fromServer === undefined) return false
  return !valuesEqual(fromGit, fromServer, segments)
}
