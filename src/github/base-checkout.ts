// A pull request's base commit, checked out beside the workspace with
// `git worktree add` (local objects only: no fetch, no network), so the base
// manifests can be rendered and compared too. The default actions/checkout
// (fetch-depth: 1) has only the merge commit: then the base is unavailable
// and the report says how to make it available.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export type BaseCheckout =
  | { available: true; cwd: string; remove: () => Promise<void> }
  | { available: false; reason: string }

export async function checkoutBase(
  workspace: string,
  sha: string,
  scratch: string
): Promise<BaseCheckout> {
  const git = (...args: string[]) =>
    run('git', ['-C', workspace, ...args], { env: gitEnvironment(process.env), encoding: 'utf8' })
  // The commit comes from the event; only a hexadecimal object name reaches git.
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha)) {
    return { available: false, reason: `the base commit "${sha}" is not a commit id` }
  }
  let prefix: string
  try {
    prefix = (await git('rev-parse', '--show-prefix')).stdout.trim()
  } catch {
    return { available: false, reason: 'the workspace is not a git checkout' }
  }
  try {
    await git('cat-file', '-e', `${sha}^{commit}`)
  } catch {
    return {
      available: false,
      reason: `the base commit ${sha.slice(0, 7)} is not in the checkout (use actions/checkout with fetch-depth: 0)`
    }
  }
  const dir = join(scratch, 'base')
  try {
    await git('worktree', 'add', '--detach', '--force', '--', dir, sha)
  } catch (error) {
    return { available: false, reason: `git worktree add failed: ${firstLine(error)}` }
  }
  return {
    available: true,
    // The workspace may be a folder inside the repository: keep the same folder.
    cwd: join(dir, prefix),
    remove: async () => {
      await git('worktree', 'remove', '--force', dir).catch(() => undefined)
      await git('worktree', 'prune').catch(() => undefined)
    }
  }
}

/** What git needs of the host: never its secrets (INPUT_*, GITHUB_TOKEN, ACTIONS_*). */
const GIT_HOST_VARIABLES = [
  'PATH',
  'HOME',
  'XDG_CONFIG_HOME',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'SystemRoot',
  'SYSTEMROOT',
  'USERPROFILE',
  'PATHEXT'
]

/**
 * git runs hooks and filters (a checkout's post-checkout hook, an LFS smudge
 * filter) that inherit its environment: it gets only what it needs to find
 * itself and the runner's git configuration.
 */
export function gitEnvironment(host: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' }
  for (const name of GIT_HOST_VARIABLES) {
    const value = host[name]
    if (value !== undefined) env[name] = value
  }
  return env
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr
  return (stderr || (error instanceof Error ? error.message : String(error))).split('\n')[0] ?? ''
}
