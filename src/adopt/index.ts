// `kube-drift adopt`: accept drift into Git. Detect, turn each selected drifted
// field into an edit of its source file (plain manifests), a patch in the
// overlay (kustomize) or a suggested values edit (Helm, never written), write
// the files unless asked not to, and check again: a field is adopted only when
// the re-check no longer finds it different.
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { runCheck } from '../engine/check.ts'
import type { DetectedTarget } from '../engine/detection.ts'
import { ClusterSessions } from '../engine/sessions.ts'
import { isAtOrUnder } from '../drift/pointer.ts'
import type { DriftReport, FieldChange, KubeObject, ResourceKey, ResourceResult } from '../types.ts'
import { formatResource, resourceId } from '../util/resource-identity.ts'
import { extraFileName, extraManifest } from './extra-resource.ts'
import { helmSuggestion } from './helm-suggestion.ts'
import { kustomizationFileIn, kustomizePatches } from './kustomize-patch.ts'
import type { ResourceToAdopt } from './resource-fields.ts'
import { isSelected, parseField, parseOnly, selectedChanges } from './select.ts'
import { editSources } from './source-edit.ts'
import type { AdoptOptions, AdoptOutcome, RecheckEntry } from './types.ts'
import { WorkspaceFiles } from './workspace-files.ts'
import { writeChanges } from './write.ts'
import { oneChangePerFile } from './shared-files.ts'

export type * from './types.ts'

const SECRET_SKIP =
  'a Secret value: adopt never writes Secret data into Git (use your secret manager, or edit it by hand)'

export async function runAdopt(options: AdoptOptions): Promise<AdoptOutcome[]> {
  const only = (options.only ?? []).map(parseOnly)
  const fields = (options.fields ?? []).map(parseField)
  const dryRun = options.dryRun ?? false
  const write = !dryRun && (options.write ?? true)
  const files = new WorkspaceFiles(options.workspace)
  const sessions = new ClusterSessions(options)
  const before = await runCheck({ ...options, sessions })

  const work: TargetWork[] = []
  for (const detected of before.detected) {
    const session = await sessions.get(detected.target.context)
    // Detection hands on no live object for Extras: read each one adopt writes.
    const readLive = async (key: ResourceKey) => {
      const resource = session.client.discovery.resolve(key.apiVersion, key.kind)
      return session.client.get(resource, key.namespace, key.name)
    }
    work.push(await adoptTarget(detected, { ...options, only, fields, dryRun, files, readLive }))
  }
  const outcomes = work.map(w => w.outcome)
  oneChangePerFile(outcomes)
  if (!write) return outcomes
  const changes = outcomes.flatMap(outcome => outcome.files)
  if (changes.length === 0) return outcomes
  await writeChanges(files, changes)
  for (const outcome of outcomes) outcome.written = outcome.files.length > 0
  options.progress?.(`wrote ${changes.length} file(s); checking again`)
  const after = await runCheck({ ...options, sessions })
  for (const w of work) w.outcome.recheck = recheck(w, after.report)
  return outcomes
}

interface TargetWork {
  outcome: AdoptOutcome
  /** the identity of each resource adopt edits, by its name in the outcome: the re-check reads them. */
  keys: Map<string, ResourceKey>
}

interface TargetContext extends Omit<AdoptOptions, 'only'> {
  only: ReturnType<typeof parseOnly>[]
  fields: string[]
  dryRun: boolean
  files: WorkspaceFiles
  readLive: (key: ResourceKey) => Promise<KubeObject | null>
}

async function adoptTarget(detected: DetectedTarget, context: TargetContext): Promise<TargetWork> {
  const { target } = detected
  const outcome: AdoptOutcome = {
    target: target.name,
    renderer: target.renderer,
    dryRun: context.dryRun,
    written: false,
    files: [],
    adopted: [],
    extras: [],
    skipped: [],
    failed: [],
    suggestions: [],
    errors: [],
    recheck: null
  }
  const toAdopt: ResourceToAdopt[] = []
  for (const resource of detected.resources) {
    const { result, placed, live } = resource
    if (!isSelected(result, context.only)) continue
    const name = formatResource(result)
    if (result.status === 'InSync') continue
    if (result.status === 'Error') {
      outcome.errors.push({ resource: name, path: '', why: result.error ?? 'unknown error' })
      continue
    }
    if (result.status === 'Missing') {
      outcome.failed.push({
        resource: name,
        path: '',
        why: 'Missing in the cluster: there is no live value to adopt (delete it from Git, or run reconcile to create it)'
      })
      continue
    }
    if (result.status === 'Extra') {
      await adoptExtra(result, name, outcome, context)
      continue
    }
    const changes = selectedChanges(result.changes, context.fields)
    const kept: FieldChange[] = []
    for (const change of changes) {
      if (isSensitive(result, change)) {
        outcome.skipped.push({ resource: name, path: change.path, why: SECRET_SKIP })
      } else if (target.renderer === 'helm') {
        outcome.suggestions.push(helmSuggestion(name, change, result.source, target))
      } else {
        kept.push(change)
      }
    }
    if (kept.length === 0) continue
    if (!placed || !live) {
      outcome.failed.push(
        ...kept.map(c => ({
          resource: name,
          path: c.path,
          why: 'its rendered or live object is not known to the check'
        }))
      )
      continue
    }
    toAdopt.push({ resource: name, detected: resource, placed, live, changes: kept })
  }
  if (toAdopt.length > 0) {
    const edited =
      target.renderer === 'kustomize'
        ? await overlayPatches(toAdopt, detected, context)
        : await editSources(toAdopt, context.files, context.cwd)
    outcome.files.push(...edited.files)
    outcome.adopted.push(...edited.adopted)
    outcome.failed.push(...edited.failed)
  }
  const keys = new Map(toAdopt.map(item => [item.resource, item.detected.result as ResourceKey]))
  return { outcome, keys }
}

async function overlayPatches(
  items: ResourceToAdopt[],
  detected: DetectedTarget,
  context: TargetContext
) {
  const input = detected.target.paths[0] ?? '.'
  const resolved = await context.files.resolve(input, context.cwd)
  const absolute = await context.files.absolute(resolved)
  const names = await readdir(absolute).catch(() => undefined)
  // The target's path may name the kustomization file itself.
  const overlay = names ? resolved : path.posix.dirname(resolved)
  const listing = names ?? (await readdir(path.dirname(absolute)))
  const file = kustomizationFileIn(listing)
  if (!file) throw new Error(`${overlay}: no kustomization file to reference the patch from`)
  const kustomizationFile = overlay === '.' || overlay === '' ? file : `${overlay}/${file}`
  return kustomizePatches(items, overlay, kustomizationFile, context.files)
}

async function adoptExtra(
  key: ResourceKey,
  name: string,
  outcome: AdoptOutcome,
  context: TargetContext
): Promise<void> {
  if (context.includeExtra === undefined) {
    outcome.skipped.push({
      resource: name,
      path: '',
      why: 'Extra in the cluster: pass --include-extra <dir> to write it into Git'
    })
    return
  }
  if (key.kind === 'Secret') {
    outcome.skipped.push({ resource: name, path: '', why: SECRET_SKIP })
    return
  }
  try {
    const live = await context.readLive(key)
    if (!live) {
      outcome.failed.push({ resource: name, path: '', why: 'it is gone from the cluster' })
      return
    }
    const file = await context.files.resolve(
      path.join(context.includeExtra, extraFileName(live)),
      context.workspace
    )
    const before = await context.files.read(file)
    if (before !== null) {
      outcome.failed.push({ resource: name, path: '', why: `${file} exists already` })
      return
    }
    outcome.files.push({ path: file, before: null, after: extraManifest(live) })
    outcome.extras.push({ resource: name, file })
  } catch (error) {
    outcome.failed.push({ resource: name, path: '', why: (error as Error).message })
  }
}

/** Secret data (masked by the check) and anything the check marked sensitive. */
function isSensitive(result: ResourceResult, change: FieldChange): boolean {
  if (change.sensitive) return true
  if (result.kind !== 'Secret') return false
  return ['/data', '/stringData'].some(root => isAtOrUnder(change.path, root))
}

function recheck(work: TargetWork, report: DriftReport): RecheckEntry[] {
  const results = new Map(
    report.targets
      .filter(t => t.name === work.outcome.target)
      .flatMap(t => t.resources)
      .map(r => [resourceId(r), r])
  )
  const adopted = new Map<string, string[]>()
  for (const a of work.outcome.adopted)
    adopted.set(a.resource, [...(adopted.get(a.resource) ?? []), a.path])
  return [...adopted].map(([resource, paths]): RecheckEntry => {
    const key = work.keys.get(resource)
    const result = key && results.get(resourceId(key))
    if (!result) {
      return {
        resource,
        status: 'Error',
        stillDiffering: paths,
        error: 'not found by the re-check'
      }
    }
    const stillDiffering = paths.filter(p =>
      result.changes.some(c => isAtOrUnder(c.path, p) || isAtOrUnder(p, c.path))
    )
    return {
      resource,
      status: result.status,
      stillDiffering: result.status === 'Error' ? paths : stillDiffering,
      ...(result.error ? { error: result.error } : {})
    }
  })
}
