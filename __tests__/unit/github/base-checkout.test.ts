// The pull request's base commit, checked out beside the workspace from local
// objects only, and removed afterwards without touching the workspace.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkoutBase } from '../../../src/github/base-checkout.ts'

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8'
  }).trim()
}

/** A repository with two commits changing deploy/app.yaml; returns both shas. */
function repository(): { dir: string; base: string; head: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kube-drift-git-'))
  git(dir, 'init', '-q', '-b', 'main')
  mkdirSync(join(dir, 'deploy'))
  writeFileSync(join(dir, 'deploy', 'app.yaml'), 'replicas: 1\n')
  git(dir, 'add', '.')
  git(dir, 'commit', '-q', '-m', 'base')
  const base = git(dir, 'rev-parse', 'HEAD')
  writeFileSync(join(dir, 'deploy', 'app.yaml'), 'replicas: 2\n')
  git(dir, 'commit', '-q', '-am', 'head')
  return { dir, base, head: git(dir, 'rev-parse', 'HEAD') }
}

const scratch = () => mkdtempSync(join(tmpdir(), 'kube-drift-scratch-'))

describe('checkoutBase', () => {
  it('checks out the base commit beside the workspace and removes it after', async () => {
    const { dir, base } = repository()
    const checkout = await checkoutBase(dir, base, scratch())
    if (!checkout.available) throw new Error(checkout.reason)

    expect(readFileSync(join(checkout.cwd, 'deploy', 'app.yaml'), 'utf8')).toBe('replicas: 1\n')
    expect(readFileSync(join(dir, 'deploy', 'app.yaml'), 'utf8')).toBe('replicas: 2\n')
    await checkout.remove()
    expect(existsSync(checkout.cwd)).toBe(false)
    expect(git(dir, 'worktree', 'list').split('\n')).toHaveLength(1)
    expect(git(dir, 'status', '--porcelain')).toBe('')
  })

  it('keeps the folder when the workspace is inside the repository', async () => {
    const { dir, base } = repository()
    const checkout = await checkoutBase(join(dir, 'deploy'), base, scratch())
    if (!checkout.available) throw new Error(checkout.reason)
    expect(readFileSync(join(checkout.cwd, 'app.yaml'), 'utf8')).toBe('replicas: 1\n')
    await checkout.remove()
  })

  it('says how to fetch the base when the checkout does not have it', async () => {
    const { dir } = repository()
    const checkout = await checkoutBase(dir, 'f'.repeat(40), scratch())
    expect(checkout).toEqual({
      available: false,
      reason:
        'the base commit fffffff is not in the checkout (use actions/checkout with fetch-depth: 0)'
    })
  })

  it('gives git nothing but a commit id: a base "commit" that is a flag is refused', async () => {
    const { dir } = repository()
    const checkout = await checkoutBase(dir, '--output=/tmp/kube-drift-x', scratch())
    expect(checkout).toEqual({
      available: false,
      reason: 'the base commit "--output=/tmp/kube-drift-x" is not a commit id'
    })
  })

  it('git, and the hooks it runs, see none of the secrets of the environment', async () => {
    const { dir, base } = repository()
    const seen = join(scratch(), 'hook-env')
    const hook = join(dir, '.git', 'hooks', 'post-checkout')
    writeFileSync(hook, `#!/bin/sh\nenv > "${seen}"\n`)
    chmodSync(hook, 0o755)
    const canaries = {
      INPUT_KUBECONFIG: 'kubeconfig-canary-3f1a',
      GITHUB_TOKEN: 'ghs_gitCanary0123456789',
      ACTIONS_RUNTIME_TOKEN: 'runtime-canary-77c2'
    }
    Object.assign(process.env, canaries)
    try {
      const checkout = await checkoutBase(dir, base, scratch())
      if (!checkout.available) throw new Error(checkout.reason)
      await checkout.remove()
    } finally {
      for (const name of Object.keys(canaries)) delete process.env[name]
    }
    const env = readFileSync(seen, 'utf8')
    expect(env).toContain('GIT_TERMINAL_PROMPT=0')
    for (const value of Object.values(canaries)) expect(env).not.toContain(value)
  })

  it('is unavailable outside a git checkout', async () => {
    const checkout = await checkoutBase(scratch(), 'f'.repeat(40), scratch())
    expect(checkout).toEqual({ available: false, reason: 'the workspace is not a git checkout' })
  })
})
