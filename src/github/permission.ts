// A refused write is not a failed run: the report is already in the job
// summary. It becomes a warning that names the permission the workflow must
// grant, as actions/dependency-review-action does on a 403. Only mode: adopt,
// whose pull request is the product, fails on it (permissionError).

export type GitHubPermission = 'pull-requests: write' | 'issues: write' | 'contents: write'

/** The HTTP status of an Octokit RequestError, if it is one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === 'number' ? status : undefined
}

/**
 * 403 is "Resource not accessible by integration" (a token without the
 * permission, or a fork's read-only token); GitHub also answers 404 to a
 * write the token may not even see.
 */
export function isPermissionError(error: unknown): boolean {
  const status = statusOf(error)
  // A rate limit GitHub would not let us wait out is also a 403, and no permission would help.
  if (/rate limit/i.test(error instanceof Error ? error.message : '')) return false
  return status === 403 || status === 401 || status === 404
}

export function permissionWarning(
  what: string,
  permission: GitHubPermission,
  options: { fork?: boolean; error?: unknown } = {}
): string {
  const reason = options.fork
    ? 'this pull request comes from a fork, whose token is read-only'
    : `the token lacks \`${permission}\``
  const status = statusOf(options.error)
  return (
    `kube-drift could not ${what}${status ? ` (HTTP ${status})` : ''}: ${reason}. ` +
    `Grant it in the workflow (\`permissions:\` with \`${permission}\`)` +
    (options.fork ? ', or run the comment from a workflow the fork cannot change' : '') +
    '. The report is in the job summary.'
  )
}

/**
 * The error of a write `mode: adopt` cannot do without (its pull request is
 * the product, so a refusal fails the step), naming what to grant. GitHub
 * refuses a pull request from the workflow's token also when the repository
 * does not let GitHub Actions create pull requests: that names the setting.
 */
export function permissionError(what: string, permission: GitHubPermission, error: unknown): Error {
  const status = statusOf(error)
  const message = error instanceof Error ? error.message : String(error)
  const http = status ? ` (HTTP ${status})` : ''
  if (/not permitted to create or approve pull requests/i.test(message)) {
    return new Error(
      `could not ${what}${http}: the repository does not let GitHub Actions create pull ` +
        'requests. Turn on "Allow GitHub Actions to create and approve pull requests" ' +
        '(Settings → Actions → General → Workflow permissions), or give kube-drift a token ' +
        `of a GitHub App with \`${permission}\` in \`github-token\`.`,
      { cause: error }
    )
  }
  return new Error(
    `could not ${what}${http}: the token lacks \`${permission}\`. Grant it in the workflow ` +
      '(`permissions:` with `contents: write` and `pull-requests: write` for mode: adopt).',
    { cause: error }
  )
}
