// Helm release names, checked as Helm checks them before anything runs: a name
// reaches `helm template` as an argument, so one that starts with `-` would be
// read as a flag (`--post-renderer=./x.sh` runs a script from the repository).
// Helm's rule: at most 53 characters, lowercase letters, digits and `-`, in
// dot-separated parts that each start and end with a letter or digit.

const MAX_RELEASE_NAME_LENGTH = 53
const PART = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/

/** Why `name` is not a valid Helm release name, or undefined when it is. */
export function releaseNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty'
  if (name.length > MAX_RELEASE_NAME_LENGTH) {
    return `it is ${name.length} characters long, and Helm allows at most ${MAX_RELEASE_NAME_LENGTH}`
  }
  if (!name.split('.').every(part => PART.test(part))) {
    return 'Helm allows only lowercase letters, digits, "-" and ".", starting and ending with a letter or digit'
  }
  return undefined
}

/** How to choose a release name, for messages about a default that does not work. */
export const SET_RELEASE_HINT =
  'set one with the `helm-release` input, the --helm-release flag, or `helm.release` of the target in .kube-drift.yaml'
