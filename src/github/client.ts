// The Octokit client and the repository it works on. Everything in src/github
// receives one of these instead of creating its own, so tests point them all
// at the local stand-in with GITHUB_API_URL.
import { getOctokit } from '@actions/github'

export type Octokit = ReturnType<typeof getOctokit>

export interface GitHubRepo {
  octokit: Octokit
  owner: string
  repo: string
}

export function createGitHubRepo(
  token: string,
  apiUrl: string,
  owner: string,
  repo: string
): GitHubRepo {
  if (!owner || !repo) throw new Error('GITHUB_REPOSITORY is not set: no repository to write to')
  return { octokit: getOctokit(token, { baseUrl: apiUrl }), owner, repo }
}

/** A user or bot as GitHub returns it; only what ownership checks need. */
export interface GitHubActor {
  login?: string
  type?: string
}

/**
 * Who the token acts as. A personal token may read GET /user; a GitHub App
 * installation token (the workflow's GITHUB_TOKEN) is refused with 403, and
 * acts as a bot: then "ours" means written by a bot.
 */
export async function tokenIdentity(
  github: GitHubRepo
): Promise<(actor: GitHubActor | null | undefined) => boolean> {
  try {
    const { data } = await github.octokit.rest.users.getAuthenticated()
    const login = data.login
    return actor => actor?.login === login
  } catch {
    return actor => actor?.type === 'Bot'
  }
}
