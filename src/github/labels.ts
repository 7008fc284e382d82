// The drift issue's labels exist before an issue uses them, with a colour and
// a description that say what they are for (GitHub would otherwise create
// them grey and unexplained when the issue is labelled).
import type { GitHubRepo } from './client.ts'
import { createOnce } from './create-once.ts'
import { statusOf } from './permission.ts'

const KUBE_DRIFT_LABEL = {
  color: 'd93f0b',
  description: 'Kubernetes drift found by kube-drift: the cluster differs from Git'
}

export async function ensureLabels(github: GitHubRepo, names: string[]): Promise<void> {
  const { octokit, owner, repo } = github
  for (const name of names) {
    if (await labelNamed(github, name)) continue
    try {
      await createOnce({
        create: () => octokit.rest.issues.createLabel({ owner, repo, name, ...KUBE_DRIFT_LABEL }),
        find: () => labelNamed(github, name)
      })
    } catch (error) {
      // Another run created it between our read and our write: that is what we wanted.
      if (statusOf(error) !== 422) throw error
    }
  }
}

/** The label, or undefined when the repository has none of that name. */
async function labelNamed(github: GitHubRepo, name: string): Promise<object | undefined> {
  const { octokit, owner, repo } = github
  try {
    return (await octokit.rest.issues.getLabel({ owner, repo, name })).data
  } catch (error) {
    if (statusOf(error) === 404) return undefined
    throw error
  }
}
