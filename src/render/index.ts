// Chooses the renderer for a target. Plain YAML today; Kustomize and Helm plug in here.
import type { Target } from '../config/target.ts'
import type { DesiredObject } from '../types.ts'
import { renderPlain } from './plain.ts'

export interface RenderedTarget {
  objects: DesiredObject[]
  /** for the report: files skipped because they are not Kubernetes objects, hooks left out. */
  notes: string[]
}

/** What a renderer may learn from the cluster (helm renders against its version and APIs). */
export interface ClusterInfo {
  version: string
  apiVersions: string[]
}

export interface RenderContext {
  /** Asked only by renderers that need it, so plain YAML fails on bad input before any cluster call. */
  cluster: () => Promise<ClusterInfo>
}

export async function renderTarget(
  target: Target,
  cwd: string,
  _context?: RenderContext
): Promise<RenderedTarget> {
  if (target.renderer !== 'plain') {
    throw new Error(`renderer "${target.renderer}" is not supported yet; use plain YAML`)
  }
  const { objects, skipped } = await renderPlain(target.paths, { cwd })
  const notes = skipped.map(s => `Skipped ${s.file}: ${s.reason}`)
  return { objects, notes }
}
