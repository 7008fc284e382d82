// Annotations in the PR's diff view: one per drifted or missing resource on its
// manifest line (a file of the repository), the PR's own first, within
// GitHub's 10 warnings per step with the rest named in one more.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { driftAnnotations, locate, WARNINGS_PER_STEP } from '../../../src/github/annotations.ts'
import { driftedDeployment, reportOf, resource, target } from '../report/sample-reports.ts'

describe('drift annotations', () => {
  let workspace: string
  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'kube-drift-annotations-'))
    mkdirSync(join(workspace, 'deploy'))
    writeFileSync(join(workspace, 'deploy', 'api.yaml'), 'kind: Deployment\n')
    writeFileSync(join(workspace, 'deploy', 'settings.yaml'), 'kind: ConfigMap\n')
    mkdirSync(join(workspace, 'charts', 'web', 'charts'), { recursive: true })
    writeFileSync(join(workspace, 'charts', 'web', 'Chart.yaml'), 'name: web\n')
  })
  afterAll(() => rmSync(workspace, { recursive: true, force: true }))

  it('puts each drifted or missing resource on its manifest line, the PR’s own first', () => {
    const report = reportOf([
      target([
        resource({ name: 'same' }),
        resource({ ...driftedDeployment, origin: 'pre-existing' }),
        resource({
          name: 'settings',
          status: 'Drifted',
          origin: 'introduced',
          source: { file: 'deploy/settings.yaml', line: 3 },
          changes: [{ path: '/data/mode', reason: 'changed', desired: 'pr', live: 'base' }]
        }),
        resource({
          kind: 'Service',
          name: 'api',
          status: 'Missing',
          source: { file: 'deploy/api.yaml', line: 40 }
        }),
        resource({ name: 'extra', status: 'Extra', source: undefined }),
        resource({ name: 'broken', status: 'Error', error: 'forbidden' })
      ])
    ])
    const found = driftAnnotations(report, workspace)
    expect(found.map(a => a.properties)).toEqual([
      {
        title: 'kube-drift: ConfigMap web/settings drifted (introduced by this pull request)',
        file: 'deploy/settings.yaml',
        startLine: 3
      },
      {
        title: 'kube-drift: Deployment.apps web/api drifted (drifted before this pull request)',
        file: 'deploy/api.yaml',
        startLine: 14
      },
      {
        title: 'kube-drift: Service web/api missing from the cluster',
        file: 'deploy/api.yaml',
        startLine: 40
      }
    ])
    expect(found[1]?.message.split('\n')).toEqual([
      expect.stringMatching(/^spec\.replicas: 5 → 3 \(kubectl-scale, 2026-11-20 03:12 UTC\)$/),
      expect.stringMatching(/^spec\.template\.spec\.containers\[0\]\.env\[2\]: .*DEBUG/),
      '(1 ignored by rules)'
    ])
    expect(found[2]?.message).toBe('not in the cluster: applying would create it')
  })

  it('stays within GitHub’s warnings per step, naming the rest in one annotation', () => {
    const many = Array.from({ length: 30 }, (_, index) =>
      resource({
        name: `cm-${String(index).padStart(2, '0')}`,
        status: 'Drifted',
        origin: index >= 25 ? 'introduced' : 'pre-existing',
        source: { file: 'deploy/settings.yaml', line: index + 1 },
        changes: [{ path: '/data/a', reason: 'changed', desired: '1', live: '2' }]
      })
    )
    const found = driftAnnotations(reportOf([target(many)]), workspace)
    expect(found.length).toBeLessThanOrEqual(WARNINGS_PER_STEP - 2)
    expect(found).toHaveLength(8)
    // The five the PR introduced come first.
    expect(found.slice(0, 5).map(a => a.properties.title)).toEqual(
      [25, 26, 27, 28, 29].map(
        n => `kube-drift: ConfigMap web/cm-${n} drifted (introduced by this pull request)`
      )
    )
    const last = found.at(-1)!
    expect(last.properties).toEqual({
      title:
        'kube-drift: 23 more resources drifted or missing (GitHub shows 10 annotations per step)'
    })
    const lines = last.message.split('\n')
    expect(lines[0]).toBe('ConfigMap web/cm-02')
    expect(lines).toContain('… and 3 more')
    expect(lines.at(-1)).toBe('The job summary and the pull request comment list them all.')
  })

  it('points at a file of the repository: the chart for a template of a packed subchart, none outside', () => {
    expect(locate({ file: 'deploy/api.yaml', line: 7 }, workspace)).toEqual({
      file: 'deploy/api.yaml',
      startLine: 7
    })
    expect(
      locate(
        {
          file: 'charts/web/charts/db-1.0.0.tgz/templates/db.yaml',
          line: 4,
          template: 'web/charts/db/templates/db.yaml'
        },
        workspace
      )
    ).toEqual({ file: 'charts/web/Chart.yaml', startLine: 1 })
    expect(locate({ file: '../elsewhere/app.yaml', line: 1 }, workspace)).toBeUndefined()
    expect(locate({ file: '/etc/hostname', line: 1 }, workspace)).toBeUndefined()
  })
})
