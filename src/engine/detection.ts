// What detection hands on, per resource: the verdict the report shows, and what
// it rests on (the placed object, its live state, the predicted object, the
// differences the ignore rules silenced), so reconcile applies from it without
// placing, reading or comparing again.
import type { Target } from '../config/target.ts'
import type { FieldChange, KubeObject, ResourceResult } from '../types.ts'
import type { PlacedObject, UnplacedObject } from './placement.ts'

export interface DetectedResource {
  /** the verdict, exactly as the report has it. */
  result: ResourceResult
  /** Git's object where it lands; absent for Extra objects and failed searches. */
  placed?: PlacedObject
  /** the live object as read (null: not found); absent when it was not read. */
  live?: KubeObject | null
  /** the server's dry-run answer or the local merge; absent when nothing was predicted. */
  predicted?: KubeObject | null
  /** differences the target's ignore rules silenced (reconcile keeps their live values). */
  ignored: readonly FieldChange[]
}

export interface DetectedTarget {
  target: Target
  /** where the target's namespaced objects without a namespace land. */
  namespace: string
  /** one entry per resource of the target's report, in its order. */
  resources: DetectedResource[]
  /** desired objects whose kind the cluster did not serve (their CRD may come with them). */
  unplaced: UnplacedObject[]
}
