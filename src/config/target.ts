// A target is one thing to compare: a set of manifests, how to render them and
// where they belong in the cluster. The CLI, the action and .kube-drift.yaml
// all produce targets.
import type { IgnoreRule } from '../types.ts'

export type Renderer = 'plain' | 'kustomize' | 'helm'

export interface Target {
  name: string
  renderer: Renderer
  paths: string[]
  /** namespace for namespaced objects that do not name one. */
  namespace?: string
  /** label selector marking objects that belong to the target, for Extra detection. */
  selector?: string
  ignore: IgnoreRule[]
  /** kubeconfig context of this target (default: the run's). */
  context?: string
}

export const DEFAULT_FIELD_MANAGER = 'kube-drift'
export const DEFAULT_CONCURRENCY = 8
