// Where a report goes, by event: a pull request gets the sticky comment; a
// schedule or workflow_dispatch (or any non-PR event with `issue: true`) keeps
// one drift issue per target. A write GitHub refuses becomes a warning: the
// report is in the job summary already.
import * as core from '@actions/core'
import type { CommentSetting, IssueSetting } from './action-inputs.ts'
import { reportOfTarget } from '../report/target-report.ts'
import type { DriftReport } from '../types.ts'
import { commentBody, issueBody, issueTitle, needsAttention, type BodyContext } from './bodies.ts'
import {
  createGitHubRepo,
  tokenIdentity,
  type GitHubActor,
  type GitHubClientOptions,
  type GitHubRepo
} from './client.ts'
import { resolvedComment, resolvedIssueBody } from './closing.ts'
import { syncDriftIssue } from './drift-issue.ts'
import { historyLine, issueHistory, wentAwayList } from './issue-history.ts'
import { commentMarker, issueMarker, previousMarker } from './markers.ts'
import { isPermissionError, permissionWarning, type GitHubPermission } from './permission.ts'
import { PULL_REQUEST_EVENTS, SCHEDULED_EVENTS, type RunContext } from './run-context.ts'
import { upsertStickyComment } from './sticky-comment.ts'

export interface PublishSettings {
  comment: CommentSetting
  issue: IssueSetting
  issueLabels: string[]
  token?: string
  /** how the GitHub client behaves; the defaults are for production. */
  client?: GitHubClientOptions
}

export interface PublishResult {
  commentUrl?: string
  issueNumbers: number[]
}

export function wantsComment(run: RunContext, setting: CommentSetting): boolean {
  return setting !== 'never' && run.pullRequest !== undefined
}

export function wantsIssue(run: RunContext, setting: IssueSetting): boolean {
  // A pull request's manifests are not what is deployed: its drift is no issue for the repository.
  if (PULL_REQUEST_EVENTS.has(run.eventName)) return false
  if (setting === 'true') return true
  return setting === 'auto' && SCHEDULED_EVENTS.has(run.eventName)
}

export async function publishReport(
  report: DriftReport,
  run: RunContext,
  settings: PublishSettings
): Promise<PublishResult> {
  const result: PublishResult = { issueNumbers: [] }
  const comment = wantsComment(run, settings.comment)
  const issue = wantsIssue(run, settings.issue)
  if (!comment && !issue) return result
  if (!settings.token) {
    core.warning(
      'kube-drift: no github-token (and no GITHUB_TOKEN): the report is only in the job summary'
    )
    return result
  }
  const github = createGitHubRepo(settings.token, run.apiUrl, run.owner, run.repo, settings.client)
  const isOwn = await tokenIdentity(github)
  const context: BodyContext = { run, sha: run.pullRequest?.headSha ?? run.sha }
  if (comment && run.pullRequest) {
    const url = await guarded(
      `comment on pull request #${run.pullRequest.number}`,
      'pull-requests: write',
      run.pullRequest.fork,
      () => publishComment(github, report, context, settings.comment, isOwn)
    )
    result.commentUrl = url ?? undefined
  }
  if (issue) {
    for (const target of report.targets) {
      const number = await guarded(
        `update the drift issue of ${target.name}`,
        'issues: write',
        false,
        () => publishIssue(github, reportOfTarget(report, target), context, settings, isOwn)
      )
      if (number === null) break
      if (number !== undefined) result.issueNumbers.push(number)
    }
  }
  return result
}

async function publishComment(
  github: GitHubRepo,
  report: DriftReport,
  context: BodyContext,
  setting: CommentSetting,
  isOwn: (actor: GitHubActor | null | undefined) => boolean
): Promise<string | undefined> {
  const targets = report.targets.map(target => target.name)
  const pr = context.run.pullRequest
  if (!pr) return undefined
  const outcome = await upsertStickyComment(github, {
    issueNumber: pr.number,
    marker: commentMarker(targets),
    body: commentBody(report, context, { targets }),
    nowInSyncBody: commentBody(report, context, { targets, nowInSync: true }),
    clean: !needsAttention(report),
    mode: setting,
    isOwn
  })
  core.info(
    `pull request #${pr.number}: comment ${outcome.action}${outcome.url ? ` ${outcome.url}` : ''}`
  )
  return outcome.url
}

async function publishIssue(
  github: GitHubRepo,
  report: DriftReport,
  context: BodyContext,
  settings: PublishSettings,
  isOwn: (actor: GitHubActor | null | undefined) => boolean
): Promise<number | undefined> {
  const target = report.targets[0]?.name ?? ''
  const marker = issueMarker(target)
  const outcome = await syncDriftIssue(github, {
    marker,
    title: issueTitle(target),
    body: (previous, current) => {
      // The history: first seen, new, resolved (issue-history.ts).
      const history = issueHistory(report, marker, current, context.run.runUrl)
      if (history.warning) core.warning(`kube-drift: drift issue of ${target}: ${history.warning}`)
      return {
        body: issueBody(history.report, context, target, previous, history),
        ...(history.comment === undefined ? {} : { comment: history.comment })
      }
    },
    open: needsAttention(report),
    labels: settings.issueLabels,
    resolved: issue => ({
      // The fields that went away are listed once, here.
      comment: `${resolvedComment(report, context, issue)}${wentAwayList(report, marker, issue.body ?? '')}`,
      // Still marked, so a later run finds it as the issue drift came back after;
      // the last history block is kept as it was, for the record.
      body: resolvedIssueBody(
        report,
        context,
        issue,
        resolvedHead(target, issue.previous, historyLine(marker, issue.body))
      )
    }),
    isOwn
  })
  core.info(`${target}: drift issue ${outcome.action}${outcome.url ? ` ${outcome.url}` : ''}`)
  // A closed issue still has a number: the step says which one it closed.
  return outcome.action === 'none' ? undefined : outcome.number
}

function resolvedHead(target: string, previous: number | undefined, history?: string): string {
  return [issueMarker(target), previousMarker(previous), history ?? '']
    .filter(line => line !== '')
    .join('\n')
}

/**
 * Runs a write; a refusal (or any other GitHub failure) becomes a warning and
 * null, so the run goes on and the report stays in the job summary.
 */
async function guarded<T>(
  what: string,
  permission: GitHubPermission,
  fork: boolean,
  write: () => Promise<T>
): Promise<T | null> {
  try {
    return await write()
  } catch (error) {
    if (isPermissionError(error)) {
      core.warning(permissionWarning(what, permission, { fork, error }))
    } else {
      const message = error instanceof Error ? error.message : String(error)
      core.warning(`kube-drift could not ${what}: ${message}. The report is in the job summary.`)
    }
    return null
  }
}
