// What the runner's environment and event payload say about the run.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readRunContext } from '../../../src/github/run-context.ts'

function payloadFile(payload: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kube-drift-event-')), 'event.json')
  writeFileSync(file, JSON.stringify(payload))
  return file
}

const env = (extra: Record<string, string>) => ({
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: 'https://api.github.com',
  GITHUB_RUN_ID: '77',
  GITHUB_SHA: 'm'.repeat(40),
  ...extra
})

const pullRequest = (headRepo: string | null) => ({
  action: 'synchronize',
  number: 12,
  pull_request: {
    number: 12,
    base: { sha: 'b'.repeat(40), repo: { full_name: 'acme/shop' } },
    head: { sha: 'h'.repeat(40), repo: headRepo === null ? null : { full_name: headRepo } }
  }
})

describe('readRunContext', () => {
  it('reads a pull_request event: number, base and head commits', () => {
    const context = readRunContext(
      env({
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: payloadFile(pullRequest('acme/shop'))
      })
    )
    expect(context.pullRequest).toEqual({
      number: 12,
      baseSha: 'b'.repeat(40),
      headSha: 'h'.repeat(40),
      fork: false
    })
    expect(context.runUrl).toBe('https://github.com/acme/shop/actions/runs/77')
    expect(context.owner).toBe('acme')
    expect(context.repo).toBe('shop')
  })

  it('knows a pull request from a fork, also a deleted one', () => {
    for (const head of ['someone/shop', null]) {
      const context = readRunContext(
        env({
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: payloadFile(pullRequest(head))
        })
      )
      expect(context.pullRequest?.fork).toBe(true)
    }
  })

  it('has no pull request on schedule, and no payload file is fine', () => {
    const context = readRunContext(
      env({
        GITHUB_EVENT_NAME: 'schedule',
        GITHUB_EVENT_PATH: payloadFile({ schedule: '0 3 * * *' })
      })
    )
    expect(context.pullRequest).toBeUndefined()
    expect(readRunContext(env({ GITHUB_EVENT_NAME: 'push' })).payload).toEqual({})
  })

  it('points at GitHub Enterprise when the runner says so', () => {
    const context = readRunContext(
      env({
        GITHUB_SERVER_URL: 'https://ghe.example/',
        GITHUB_API_URL: 'https://ghe.example/api/v3/'
      })
    )
    expect(context.apiUrl).toBe('https://ghe.example/api/v3')
    expect(context.runUrl).toBe('https://ghe.example/acme/shop/actions/runs/77')
  })
})
