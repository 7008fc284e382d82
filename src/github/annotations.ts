// On a pull request, drift shows in the diff view: a warning annotation on the
// manifest line of each drifted or missing resource, so the "Files changed"
// tab points at it. GitHub keeps 10 warning annotations per step (and 50 per
// job): the first ones go to the PR's own changes, then the others, and when
// there are more, one last annotation names the rest. Two warnings are left
// for the step's own (the drift verdict, a refused comment).
import { existsSync, statSync } from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import type { DriftReport, ResourceResult, SourceRef } from '../types.ts'
import { formatResource } from '../util/resource-identity.ts'
import { detailLines } from './verdict-lines.ts'

/** GitHub's limit of warning annotations per step. */
export const WARNINGS_PER_STEP = 10
/** What the step may print as warnings besides these annotations. */
const RESERVED = 2
/** Changes named in one annotation; the rest are counted. */
const CHANGES_SHOWN = 3
/** Resources named in the summarising annotation; the rest are counted. */
const NAMES_SHOWN = 20

export interface Annotation {
  message: string
  properties: core.AnnotationProperties
}

const ORIGIN_RANK = { introduced: 0, mixed: 1, 'pre-existing': 2 } as const

/** The annotations for a report: one per drifted or missing resource, within the limit. */
export function driftAnnotations(
  report: DriftReport,
  workspace: string,
  budget = WARNINGS_PER_STEP - RESERVED
): Annotation[] {
  const resources = report.targets
    .flatMap(target => target.resources)
    .filter(resource => resource.status === 'Drifted' || resource.status === 'Missing')
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (a.source?.file ?? '').localeCompare(b.source?.file ?? '') ||
        (a.source?.line ?? 0) - (b.source?.line ?? 0)
    )
  if (resources.length <= budget) return resources.map(r => annotationOf(r, workspace))
  const shown = resources.slice(0, budget - 1)
  const rest = resources.slice(budget - 1)
  const names = rest.slice(0, NAMES_SHOWN).map(formatResource)
  if (rest.length > names.length) names.push(`… and ${rest.length - names.length} more`)
  return [
    ...shown.map(r => annotationOf(r, workspace)),
    {
      message: `${names.join('\n')}\nThe job summary and the pull request comment list them all.`,
      properties: {
        title: `kube-drift: ${rest.length} more resources drifted or missing (GitHub shows ${WARNINGS_PER_STEP} annotations per step)`
      }
    }
  ]
}

export function annotateDrift(report: DriftReport, workspace: string): void {
  for (const { message, properties } of driftAnnotations(report, workspace)) {
    core.warning(message, properties)
  }
}

function rank(resource: ResourceResult): number {
  return resource.origin ? ORIGIN_RANK[resource.origin] : 3
}

function annotationOf(resource: ResourceResult, workspace: string): Annotation {
  const verdict = resource.status === 'Missing' ? 'missing from the cluster' : 'drifted'
  const origin =
    resource.origin === 'introduced'
      ? ' (introduced by this pull request)'
      : resource.origin === 'pre-existing'
        ? ' (drifted before this pull request)'
        : resource.origin === 'mixed'
          ? ' (partly introduced by this pull request)'
          : ''
  const at = resource.source ? locate(resource.source, workspace) : undefined
  return {
    message: detailLines(resource, CHANGES_SHOWN).join('\n'),
    properties: {
      title: `kube-drift: ${formatResource(resource)} ${verdict}${origin}`,
      ...(at ?? {})
    }
  }
}

/**
 * The file of the repository the resource comes from, relative to its root
 * (the workspace), and the line. A source that is not a file of the
 * repository (a chart packed in a .tgz, a path outside the workspace) falls
 * back to the nearest chart or kustomization file above it, else to none.
 */
export function locate(
  source: SourceRef,
  workspace: string
): { file: string; startLine: number } | undefined {
  const root = path.resolve(workspace)
  const inRepo = (absolute: string): string | undefined => {
    const relative = path.relative(root, absolute)
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined
    return relative.split(path.sep).join('/')
  }
  const absolute = path.resolve(root, source.file)
  const file = inRepo(absolute)
  if (file !== undefined && isFile(absolute)) return { file, startLine: Math.max(1, source.line) }
  for (let dir = path.dirname(absolute); inRepo(dir) !== undefined; dir = path.dirname(dir)) {
    for (const name of ['Chart.yaml', 'kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
      const candidate = path.join(dir, name)
      if (isFile(candidate)) return { file: inRepo(candidate)!, startLine: 1 }
    }
  }
  return undefined
}

function isFile(absolute: string): boolean {
  return existsSync(absolute) && statSync(absolute).isFile()
}
