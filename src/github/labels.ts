// The drift issue's labels exist before an issue uses them, with a colour and
// a description that say what they are for (GitHub would otherwise create
// them grey and unexplained when the issue is labelled).
import type { GitHubRepo } from './client.ts'
import { statusOf } from './permission.ts'

const KUBE_DRIFT_LABEL = {
  color: 'd93f0b',
  description: 'Kubernetes drift found by kube-drift: the cluster differs from Git'
}

export async function ensureLabels(github: GitHubRepo, names: string[]): Promise<void> {
  const { octokit, owner, repo } = github
  for (const name of names) {
    try {
      await octokit.rest.issues.getLabel({ owner, repo, name })
      continue
    } catch (error) {
      if (statusOf(error) !== 404) throw error
    }
    try {
      await octokit.rest.issues.createLabel({ owner, repo, name, ...KUBE_DRIFT_LABEL })
    } catch (error) {
      // Another run created it between our read and our write: that is what we wanted.
      if (statusOf(error) !== 422) throw error
    }
  }
}
