// The files a GitHub runner hands a step (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
// the event payload) and how to read back what the step wrote into them.
import { readFileSync } from 'node:fs'

/** Outputs as @actions/core writes them: `name<<DELIMITER\nvalue\nDELIMITER`. */
export function readOutputs(file: string): Record<string, string> {
  const text = readFileSync(file, 'utf8')
  const outputs: Record<string, string> = {}
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!
  return outputs
}

/** A pull_request event payload shaped as GitHub sends it (the fields kube-drift reads and more). */
export function pullRequestPayload(options: {
  number: number
  baseSha: string
  headSha: string
  repo?: string
  headRepo?: string
}): Record<string, unknown> {
  const repo = options.repo ?? 'acme/shop'
  const [owner, name] = repo.split('/')
  const repository = {
    id: 1296269,
    node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5',
    name,
    full_name: repo,
    private: false,
    owner: { login: owner, id: 1, type: 'Organization' },
    html_url: `https://github.com/${repo}`,
    default_branch: 'main'
  }
  const headRepo = options.headRepo ?? repo
  return {
    action: 'synchronize',
    number: options.number,
    pull_request: {
      url: `https://api.github.com/repos/${repo}/pulls/${options.number}`,
      id: 1,
      node_id: 'PR_kwDOA',
      html_url: `https://github.com/${repo}/pull/${options.number}`,
      number: options.number,
      state: 'open',
      locked: false,
      title: 'Scale the frontend',
      user: { login: 'contributor', id: 9001, type: 'User' },
      body: 'Please review',
      draft: false,
      head: {
        label: `${headRepo.split('/')[0]}:feature`,
        ref: 'feature',
        sha: options.headSha,
        repo: { ...repository, full_name: headRepo }
      },
      base: { label: `${owner}:main`, ref: 'main', sha: options.baseSha, repo: repository },
      merged: false,
      mergeable: null,
      commits: 1,
      additions: 1,
      deletions: 1,
      changed_files: 1
    },
    repository,
    sender: { login: 'contributor', id: 9001, type: 'User' }
  }
}

export function schedulePayload(): Record<string, unknown> {
  return {
    schedule: '0 3 * * *',
    repository: { full_name: 'acme/shop', name: 'shop', owner: { login: 'acme' } },
    workflow: '.github/workflows/drift.yml'
  }
}
