// mode: adopt, on GitHub: one pull request per target with the live values
// committed on its branch. The commit goes on top of GITHUB_SHA, the commit
// whose manifests were read and rewritten (not the base branch's head, which
// may have moved since: the files would then carry changes the report never
// saw). The pull request asks to merge into the branch the run is for (a
// schedule runs on the default branch; a workflow_dispatch or push on its
// branch), or the repository's default branch when the run is for a tag.
// Every refusal is an error that names the permission: the pull request is
// what this mode is for, so there is no report-only fallback as for comments.
import { GITHUB_COMMENT_LIMIT } from '../report/markdown.ts'
import { adoptBranch } from './adopt-branch.ts'
import {
  adoptTrailer,
  syncAdoptPullRequest,
  type AdoptPullRequestResult
} from './adopt-pull-request.ts'
import { cutLines, fullReportHint } from './bodies.ts'
import { createGitHubRepo, type GitHubClientOptions, type GitHubRepo } from './client.ts'
import { adoptMarker } from './markers.ts'
import { isPermissionError, permissionError } from './permission.ts'
import { PULL_REQUEST_EVENTS, type RunContext } from './run-context.ts'

/** What one target's adoption gives the pull request. */
export interface AdoptPublication {
  target: string
  /** the files with the live values written in, relative to the repository root. */
  files: { path: string; content: string; before: string | null }[]
  /** the resources adopted, for the commit message: `Deployment web/api`. */
  resources: string[]
  /** the report of the adoption, in Markdown: the pull request's body under its marker. */
  report: string
  /**
   * No files: `in-sync` closes an open pull request as obsolete, `not-writable`
   * closes it saying the drift left is not for Git, `keep` (errors) leaves it.
   */
  whenEmpty: 'in-sync' | 'not-writable' | 'keep'
}

export interface AdoptPublishSettings {
  token?: string
  client?: GitHubClientOptions
}

export async function publishAdoptions(
  publications: AdoptPublication[],
  run: RunContext,
  settings: AdoptPublishSettings
): Promise<AdoptPullRequestResult[]> {
  refuseAdoptOn(run.eventName)
  if (!settings.token) {
    throw new Error('mode: adopt needs a github-token (the default is the workflow token)')
  }
  const baseSha = run.sha
  if (!baseSha) throw new Error('GITHUB_SHA is not set: no commit to put the adoption on')
  const github = createGitHubRepo(settings.token, run.apiUrl, run.owner, run.repo, settings.client)
  const baseBranch = await baseBranchOf(github, run)
  const results: AdoptPullRequestResult[] = []
  const failures: string[] = []
  for (const publication of publications) {
    const { target } = publication
    const marker = adoptMarker(target)
    try {
      results.push(
        await syncAdoptPullRequest(github, {
          target,
          branch: adoptBranch(target),
          marker,
          files: publication.files,
          title: adoptTitle(target),
          body: adoptBody(marker, publication.report, run),
          commitMessage: commitMessage(target, publication.resources),
          baseSha,
          baseBranch,
          closingComment: closingComment(target, publication.whenEmpty, run)
        })
      )
    } catch (error) {
      // One target's trouble (its branch has somebody's commit) does not stop the
      // others; a missing permission would refuse them all the same.
      const message = error instanceof Error ? error.message : String(error)
      failures.push(`${target}: ${message}`)
      if (isPermissionError((error as { cause?: unknown }).cause ?? error)) break
    }
  }
  if (failures.length > 0) throw new AdoptPublishError(failures, results)
  return results
}

/** Some targets' pull requests failed; `results` holds the others'. */
export class AdoptPublishError extends Error {
  readonly results: AdoptPullRequestResult[]

  constructor(failures: string[], results: AdoptPullRequestResult[]) {
    super(failures.join('; '))
    this.name = 'AdoptPublishError'
    this.results = results
  }
}

/**
 * A pull request's manifests are not what is deployed, and its workflow may
 * run code the pull request changed: adopt never runs from one (checked before
 * the cluster is read, and again here before anything is written).
 */
export function refuseAdoptOn(eventName: string): void {
  if (PULL_REQUEST_EVENTS.has(eventName)) {
    throw new Error(
      `mode: adopt does not run on ${eventName} events: run it on schedule, workflow_dispatch or push`
    )
  }
}

export function adoptTitle(target: string): string {
  return `kube-drift: adopt the live state of ${target}`
}

/** The branch the run is for; for a tag or a detached run, the repository's default branch. */
async function baseBranchOf(github: GitHubRepo, run: RunContext): Promise<string> {
  const branch = /^refs\/heads\/(.+)$/.exec(run.ref ?? '')?.[1]
  if (branch) return branch
  try {
    const { data } = await github.octokit.rest.repos.get({ owner: github.owner, repo: github.repo })
    return data.default_branch
  } catch (error) {
    if (isPermissionError(error))
      throw permissionError('read the repository', 'contents: write', error)
    throw error
  }
}

export function commitMessage(target: string, resources: string[]): string {
  const listed = resources.length > 0 ? resources : ['(see the pull request)']
  return [
    `kube-drift: adopt the live state of ${target}`,
    '',
    'Writes the values found in the cluster back into the manifests of:',
    ...listed.map(resource => `- ${resource}`),
    '',
    adoptTrailer(target)
  ].join('\n')
}

/**
 * The marker, then the report, cut by whole lines to GitHub's limit (a code
 * block cut open is closed again). No run link or time: the same adoption
 * gives the same body, so a later run leaves it as it is.
 */
export function adoptBody(marker: string, report: string, run: RunContext): string {
  const head = `${marker}\n\n`
  const text = cutLines(
    report,
    GITHUB_COMMENT_LIMIT - head.length - 8,
    fullReportHint(run, 'comment')
  )
  if (text === report) return `${head}${text}`
  // Cut: the note goes after the code block the cut left open, if any.
  const note = text.lastIndexOf('\n> ⚠️ Cut to fit:')
  const kept = text.slice(0, note)
  const fences = kept.split('\n').filter(line => /^\s*(```|~~~)/.test(line)).length
  return `${head}${kept}${fences % 2 === 1 ? '```\n' : ''}${text.slice(note)}`
}

/** What closes an obsolete pull request; undefined: keep it (the check had errors). */
export function closingComment(
  target: string,
  whenEmpty: AdoptPublication['whenEmpty'],
  run: RunContext
): string | undefined {
  const link = run.runUrl ? ` ([run](${run.runUrl}))` : ''
  if (whenEmpty === 'in-sync') {
    return `✅ The cluster matches Git now: nothing is left to adopt for \`${target}\`${link}. Closing.`
  }
  if (whenEmpty === 'not-writable') {
    return (
      `Nothing kube-drift can write into Git is left for \`${target}\`${link}: the drift that ` +
      'remains (Secret values, Helm values to edit by hand, fields without one source) is ' +
      'listed in the job summary. Closing.'
    )
  }
  return undefined
}
