// The command-line options that choose targets, shared by every command that
// renders (check, targets, reconcile), so they read them the same way.
import type { TargetRequest } from '../config/load-targets.ts'
import { UsageError } from './usage-error.ts'

export const TARGET_OPTIONS = {
  path: { type: 'string', short: 'p', multiple: true },
  config: { type: 'string', short: 'c' },
  target: { type: 'string', short: 't' },
  renderer: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  selector: { type: 'string', short: 'l' },
  ignore: { type: 'string' },
  'helm-release': { type: 'string' },
  'helm-values': { type: 'string', multiple: true },
  'helm-lookup': { type: 'boolean', default: false },
  'no-helm-lookup': { type: 'boolean', default: false },
  'allow-remote-bases': { type: 'boolean', default: false }
} as const

export const TARGET_USAGE = `  -p, --path <path>          manifests: file, directory (recursive), glob, kustomization
                             or Helm chart folder; repeatable
  -c, --config <file>        a .kube-drift.yaml with several targets (default: ./.kube-drift.yaml
                             when no --path is given)
  -t, --target <name>        only this target of the config
      --renderer <name>      auto | plain | kustomize | helm (default auto: detected per path)
  -n, --namespace <ns>       namespace for objects that do not name one (helm: the release's)
  -l, --selector <labels>    label selector of objects that belong to the manifests;
                             objects carrying it that Git does not have are Extra
      --ignore <file>        YAML file of ignore rules (paths, managers, scope)
      --helm-release <name>  release name of the chart (default: the chart folder's name)
      --helm-values <file>   values file of the chart; repeatable, later files win
      --no-helm-lookup       render charts that use lookup without the cluster (default
                             --helm-lookup: read-only helm template --dry-run=server, so
                             lookup sees the live objects)
      --allow-remote-bases   let kustomize fetch remote resources, bases and components
                             (URLs, git repositories); refused by default`

export interface TargetOptionValues {
  path?: string[]
  config?: string
  target?: string
  renderer?: string
  namespace?: string
  selector?: string
  ignore?: string
  'helm-release'?: string
  'helm-values'?: string[]
  'helm-lookup'?: boolean
  'no-helm-lookup'?: boolean
  'allow-remote-bases'?: boolean
}

export function targetRequestOf(values: TargetOptionValues, cwd: string): TargetRequest {
  return {
    cwd,
    paths: values.path ?? [],
    configPath: values.config,
    target: values.target,
    renderer: values.renderer,
    namespace: values.namespace,
    selector: values.selector,
    ignoreFile: values.ignore,
    helmRelease: values['helm-release'],
    helmValues: values['helm-values'],
    helmLookup: helmLookupFlag(values),
    allowRemoteBases: values['allow-remote-bases'] ?? false
  }
}

/** On unless `--no-helm-lookup`: on the command line the user runs their own charts. */
function helmLookupFlag(values: TargetOptionValues): boolean {
  if (values['helm-lookup'] && values['no-helm-lookup']) {
    throw new UsageError('--helm-lookup and --no-helm-lookup contradict each other: give one')
  }
  return values['no-helm-lookup'] !== true
}
