// When a Helm chart that uses `lookup` may be rendered with the cluster.
// Rendering with the cluster lets a template read whatever the identity may
// read, and the output reaches the report: a chart changed by a pull request
// could copy a live Secret into a ConfigMap and so into the PR comment. So
// `auto` renders with the cluster only on events that run the repository's
// own, already merged code (schedule, push, workflow_dispatch), and never on
// pull_request, pull_request_target or any other event unless the workflow
// says `helm-lookup: true`. The CLI renders with the cluster unless told
// `--no-helm-lookup`. A target of .kube-drift.yaml can turn it off
// (`helm: { lookup: false }`), never on: the file is part of the pull request.

export type HelmLookupSetting = 'auto' | 'true' | 'false'

export const HELM_LOOKUP_SETTINGS: readonly HelmLookupSetting[] = ['auto', 'true', 'false']

/** Events whose code is the repository's own: `auto` renders with the cluster there. */
export const HELM_LOOKUP_EVENTS: ReadonlySet<string> = new Set([
  'schedule',
  'push',
  'workflow_dispatch'
])

/** The run's policy from the action input and the event (GITHUB_EVENT_NAME). */
export function helmLookupEnabled(setting: HelmLookupSetting, eventName: string): boolean {
  if (setting === 'true') return true
  if (setting === 'false') return false
  return HELM_LOOKUP_EVENTS.has(eventName)
}

/** A target's policy: the run's, unless the config file turns it off for that target. */
export function targetHelmLookup(
  run: boolean | undefined,
  fromConfig: boolean | undefined
): boolean {
  return run === true && fromConfig !== false
}
