// The branch of a target's adopt pull request: `kube-drift/adopt/<slug>`. A
// target's name comes from the repository's config, so it is reduced to
// characters every git ref allows; when that changed the name (or cut it),
// a short hash of the full name keeps two targets from sharing a branch
// ("web app" and "web-app"). The result is checked against git's rules for
// ref names (git check-ref-format) before any request is made with it.
import { createHash } from 'node:crypto'

export const ADOPT_BRANCH_PREFIX = 'kube-drift/adopt/'
const MAX_SLUG = 60

export function adoptBranch(target: string): string {
  const slug = target
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .replace(/\.lock$/, '-lock')
    .slice(0, MAX_SLUG)
    .replace(/[-.]+$/, '')
  const exact = slug === target && slug !== ''
  const name = exact ? slug : `${slug || 'target'}-${shortHash(target)}`
  const branch = `${ADOPT_BRANCH_PREFIX}${name}`
  if (!isValidBranchName(branch)) {
    throw new Error(`target "${target}" gives no valid branch name (got "${branch}")`)
  }
  return branch
}

/** git check-ref-format for a branch name (refs/heads/<name>). */
export function isValidBranchName(name: string): boolean {
  if (name === '' || name === '@' || name.length > 200) return false
  // Control characters, space, ~ ^ : ? * [ \ and DEL are never allowed.
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20~^:?*[\\\x7f]/.test(name)) return false
  if (name.includes('..') || name.includes('@{') || name.includes('//')) return false
  if (name.startsWith('/') || name.endsWith('/') || name.endsWith('.') || name.startsWith('-')) {
    return false
  }
  return name
    .split('/')
    .every(part => part !== '' && !part.startsWith('.') && !part.endsWith('.lock'))
}

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8)
}
