// A target is one thing to compare: a set of manifests, how to render them and
// where they belong in the cluster. The CLI, the action and .kube-drift.yaml
// all produce targets.
import type { IgnoreRule, SeverityOverride } from '../types.ts'

export type Renderer = 'plain' | 'kustomize' | 'helm'

export const RENDERERS: readonly Renderer[] = ['plain', 'kustomize', 'helm']

export interface Target {
  name: string
  renderer: Renderer
  /** relative to the working directory (or absolute); kustomize and helm take exactly one. */
  paths: string[]
  /** namespace for namespaced objects that do not name one (helm: the release namespace). */
  namespace?: string
  /**
   * label selector marking objects that belong to the target, for Extra detection.
   * Given by the user: it alone decides, and it is what allows prune.
   */
  selector?: string
  ignore: IgnoreRule[]
  /** `.kube-drift.yaml` `severity:` entries, looked at before the rule table (drift/lifecycle/severity.ts). */
  severity?: SeverityOverride[]
  /** kubeconfig context of this target (default: the run's). */
  context?: string
  /**
   * When set, nothing the target renders may resolve (symlinks followed) outside
   * this folder: the action's workspace, unless allow-path-outside-workspace.
   */
  workspace?: string
  helm?: HelmSettings
  kustomize?: KustomizeSettings
  /**
   * How the deploying tool marks what it deployed (helm: its release annotations),
   * used for Extra detection when no selector is given. Never a licence to prune:
   * prune needs an explicit selector.
   */
  tracking?: Tracking
}

export interface HelmSettings {
  /** the release name (.Release.Name); default the chart directory's name. */
  release: string
  /** values files (relative to the working directory), in order: later files win. */
  values: string[]
  /** `--set key=value` entries, in order, applied after the values files. */
  set: string[]
  /** compare hook resources too (`helm.sh/hook`); by default they are left out, as helm keeps no record of them. */
  includeHooks: boolean
  /**
   * render with the cluster when the chart uses `lookup` (read-only `helm template
   * --dry-run=server`), so lookup sees the live objects. Absent: off. Set from the
   * run's policy (helm-lookup-policy.ts).
   */
  lookup?: boolean
}

export interface KustomizeSettings {
  /** `--enable-helm`: inflate `helmCharts` entries (off unless asked: it runs helm). */
  enableHelm: boolean
  /** let kustomize fetch remote resources, bases and components (off unless asked). */
  allowRemoteBases?: boolean
}

export interface Tracking {
  /** label selector to list candidates with. */
  selector: string
  /** annotations a candidate must carry, with these exact values. */
  annotations: Record<string, string>
  /** an annotation that must hold the namespace the target deploys to (known only once connected). */
  namespaceAnnotation?: string
}

export const DEFAULT_FIELD_MANAGER = 'kube-drift'
export const DEFAULT_CONCURRENCY = 8
