// Chooses the renderer for a target: plain YAML, kustomize or helm.
import type { Target } from '../config/target.ts'
import type { DesiredObject, HelmLookupGap } from '../types.ts'
import { renderHelm } from './helm.ts'
import type { HelmLookupAccess } from './helm-lookup.ts'
import { renderKustomize } from './kustomize.ts'
import { renderPlain } from './plain.ts'
import type { RenderResult } from './render-result.ts'
import type { ToolEnv } from './tool.ts'
import type { ClusterInfo } from './cluster-info.ts'

export type { ClusterInfo } from './cluster-info.ts'

/** A target and its desired objects, as rendered (detection reads them, reconcile applies them). */
export interface RenderedTarget {
  target: Target
  objects: DesiredObject[]
  /** for the report: files skipped because they are not Kubernetes objects, hooks left out. */
  notes: string[]
  /** a Helm chart that uses lookup, rendered without the cluster: what cannot be compared. */
  lookupGap?: HelmLookupGap
}

export interface RenderContext {
  /** Asked only by renderers that need it, so plain YAML fails on bad input before any cluster call. */
  cluster: () => Promise<ClusterInfo>
  /** where helm, kustomize and kubectl are looked up (default: this process's environment). */
  env?: ToolEnv
  /** the cluster for Helm charts that use lookup (asked only for those, when the target allows it). */
  helmLookup?: () => Promise<HelmLookupAccess>
}

export async function renderTarget(
  target: Target,
  cwd: string,
  context?: RenderContext
): Promise<RenderedTarget> {
  const env = context?.env ?? process.env
  switch (target.renderer) {
    case 'plain':
      return withNotes(
        target,
        await renderPlain(target.paths, { cwd, workspace: target.workspace })
      )
    case 'kustomize': {
      const rendered = await renderKustomize(target, { cwd, env })
      return withNotes(target, rendered, rendered.notes)
    }
    case 'helm': {
      const cluster =
        context?.cluster ??
        (() => Promise.reject(new Error('helm renders against a cluster, and none was given')))
      const rendered = await renderHelm(target, { cwd, env, cluster, lookup: context?.helmLookup })
      const result = withNotes(target, rendered, rendered.notes)
      return rendered.lookupGap ? { ...result, lookupGap: rendered.lookupGap } : result
    }
    default:
      throw new Error(
        `unknown renderer "${String(target.renderer)}" (expected plain, kustomize or helm)`
      )
  }
}

function withNotes(target: Target, result: RenderResult, notes: string[] = []): RenderedTarget {
  return {
    target,
    objects: result.objects,
    notes: [...notes, ...result.skipped.map(s => `Skipped ${s.file}: ${s.reason}`)]
  }
}
