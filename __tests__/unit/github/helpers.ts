// What the GitHub tests share: a stand-in per test, run contexts for each
// event, a client pointed at the stand-in, and the workflow commands
// (::warning::, ::add-mask::) @actions/core prints.
import { jest } from '@jest/globals'
import { createGitHubRepo, type GitHubRepo } from '../../../src/github/client.ts'
import type { RunContext } from '../../../src/github/run-context.ts'
import { startGitHubStandIn, type GitHubStandIn } from '../../../test/github/stand-in.ts'

export async function standIn(): Promise<GitHubStandIn> {
  return startGitHubStandIn()
}

export function repoOf(github: GitHubStandIn): GitHubRepo {
  return createGitHubRepo(github.token, github.url, github.owner, github.repo)
}

export function pullRequestRun(
  github: GitHubStandIn,
  number: number,
  options: { fork?: boolean } = {}
): RunContext {
  return {
    ...baseRun(github),
    eventName: 'pull_request',
    pullRequest: {
      number,
      baseSha: 'b'.repeat(40),
      headSha: 'c'.repeat(40),
      fork: options.fork ?? false
    }
  }
}

export function scheduleRun(github: GitHubStandIn, eventName = 'schedule'): RunContext {
  return { ...baseRun(github), eventName }
}

function baseRun(github: GitHubStandIn): RunContext {
  return {
    eventName: '',
    payload: {},
    owner: github.owner,
    repo: github.repo,
    serverUrl: 'https://github.com',
    apiUrl: github.url,
    sha: 'a'.repeat(40),
    runId: '4242',
    runUrl: `https://github.com/${github.owner}/${github.repo}/actions/runs/4242`,
    workspace: '/nonexistent'
  }
}

/** Collects what is written to stdout (where @actions/core writes workflow commands). */
export function captureStdout(): { text: () => string; restore: () => void } {
  const chunks: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => {
    chunks.push(String(chunk))
    return true
  }) as typeof process.stdout.write)
  return { text: () => chunks.join(''), restore: () => spy.mockRestore() }
}

export function warnings(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .filter(line => line.startsWith('::warning::'))
    .map(line => line.slice('::warning::'.length))
}
