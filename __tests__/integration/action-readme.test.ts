// The README's copy-paste workflows are valid workflows (actionlint) that use
// only inputs action.yml declares: each one is linted as if `uses:` pointed at
// this repository's action.yml. Run with the integration project because it
// needs the pinned actionlint that build-tools.sh builds.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toolPath } from '../../test/cluster/tools.ts'

function readmeWorkflows(): string[] {
  const readme = readFileSync('README.md', 'utf8')
  const section = readme.slice(readme.indexOf('## GitHub Action'))
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map(match => match[1]!)
    .filter(block => /^jobs:/m.test(block))
}

function lint(workflows: string[]): { code: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kube-drift-readme-'))
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true })
  mkdirSync(join(dir, 'dist'))
  // actionlint finds the project by its git repository, and checks that runs.main exists.
  execFileSync('git', ['init', '-q'], { cwd: dir })
  copyFileSync('action.yml', join(dir, 'action.yml'))
  writeFileSync(join(dir, 'dist', 'index.js'), '')
  workflows.forEach((workflow, index) => {
    // The published `uses:` becomes the local action, so its inputs are checked too.
    const local = workflow.replace(/<owner>\/kube-drift@v1/g, './')
    writeFileSync(join(dir, '.github', 'workflows', `readme-${index}.yml`), local)
  })
  try {
    const output = execFileSync(toolPath('actionlint'), ['-color=false'], {
      cwd: dir,
      encoding: 'utf8'
    })
    return { code: 0, output }
  } catch (error) {
    const failed = error as { status?: number; stdout?: string }
    return { code: failed.status ?? -1, output: failed.stdout ?? String(error) }
  }
}

describe('the README workflows', () => {
  it('are the PR comment, the nightly issue, the matrix fan-out, reconcile and adopt', () => {
    const workflows = readmeWorkflows()
    expect(workflows).toHaveLength(5)
    expect(workflows[0]).toMatch(/on: pull_request[\s\S]*pull-requests: write/)
    expect(workflows[1]).toMatch(/schedule:[\s\S]*issues: write/)
    expect(workflows[2]).toMatch(/mode: list[\s\S]*fromJSON\(needs\.targets\.outputs\.targets\)/)
    expect(workflows[3]).toMatch(/environment: production[\s\S]*mode: reconcile/)
    expect(workflows[4]).toMatch(
      /contents: write[\s\S]*pull-requests: write[\s\S]*mode: adopt[\s\S]*pull-request-url/
    )
  })

  it('pass actionlint with the inputs action.yml declares', () => {
    const result = lint(readmeWorkflows())
    expect(result.output).toBe('')
    expect(result.code).toBe(0)
  })

  it('would fail on an input action.yml does not declare (the check works)', () => {
    const [first] = readmeWorkflows()
    const result = lint([first!.replace('comment: on-drift', 'comments: on-drift')])
    expect(result.code).not.toBe(0)
    expect(result.output).toContain('comments')
  })
})
