import type { AdoptOutcome } from '../../../src/adopt/types.ts'
import { adoptToMarkdown } from '../../../src/report/adopt-markdown.ts'
import { adoptToText } from '../../../src/report/adopt-text.ts'

const outcome: AdoptOutcome = {
  target: 'web',
  renderer: 'plain',
  dryRun: true,
  written: false,
  files: [
    { path: 'deploy/app.yaml', before: 'spec:\n  replicas: 2\n', after: 'spec:\n  replicas: 4\n' }
  ],
  adopted: [
    {
      resource: 'Deployment.apps web/api',
      path: '/spec/replicas',
      reason: 'changed',
      action: 'set',
      value: 4,
      file: 'deploy/app.yaml'
    }
  ],
  extras: [],
  skipped: [
    { resource: 'Secret web/creds', path: '/data/password', why: 'a Secret value: never written' }
  ],
  failed: [{ resource: 'ConfigMap web/gen', path: '/data/a|b', why: 'made by a <generator>' }],
  suggestions: [],
  errors: [],
  recheck: null
}

const helm: AdoptOutcome = {
  ...outcome,
  target: 'shop',
  renderer: 'helm',
  dryRun: false,
  files: [],
  adopted: [],
  skipped: [],
  failed: [],
  suggestions: [
    {
      resource: 'Deployment.apps web/shop',
      path: '/spec/replicas',
      reason: 'changed',
      live: 5,
      desired: 2,
      template: 'shop/templates/deployment.yaml',
      chart: 'charts/shop',
      valuesFiles: []
    }
  ]
}

describe('adoptToText', () => {
  it('a dry run shows the diff of each file, the fields, the skips and why', () => {
    const text = adoptToText([outcome])
    expect(text).toContain('--- a/deploy/app.yaml\n')
    expect(text).toContain('    -  replicas: 2\n    +  replicas: 4\n')
    expect(text).toContain(
      'Would adopt 1 field (live value → Git):\n    Deployment.apps web/api → deploy/app.yaml\n      spec.replicas = 4\n'
    )
    expect(text).toContain(
      'Skipped on purpose:\n    Secret web/creds\n      data.password: a Secret value: never written\n'
    )
    expect(text).toContain('Could not be adopted:')
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'kube-drift adopt: 1 field(s) could not be adopted'
    )
  })

  it('a Helm target says nothing was written and which values to edit', () => {
    const text = adoptToText([helm])
    expect(text).toContain('Helm chart charts/shop: nothing written')
    expect(text).toContain('Edit charts/shop/values.yaml')
    expect(text).toContain('spec.replicas: live 5, chart renders 2')
    expect(text).toContain('template shop/templates/deployment.yaml')
  })
})

describe('adoptToMarkdown', () => {
  it('tables the fields, escapes what comes from the repository, folds the diff', () => {
    const markdown = adoptToMarkdown([outcome])
    expect(markdown).toContain(
      '| Deployment.apps web/api | `spec.replicas` | `4` | `deploy/app.yaml` |'
    )
    expect(markdown).toContain('made by a \\<generator\\>')
    expect(markdown).toContain('<details><summary>1 file to change</summary>')
    expect(markdown).toContain('```diff\n--- a/deploy/app.yaml')
  })

  it('a pull request body (computed, not written here) proposes the values: never says written', () => {
    const proposed: AdoptOutcome = { ...outcome, dryRun: false, written: false, failed: [] }
    const markdown = adoptToMarkdown([proposed])
    expect(markdown).toContain(
      '**kube-drift adopt:** 1 live field(s) to take into Git, in 1 file(s)'
    )
    expect(markdown).toContain('Live values to write into Git (1 field):')
    expect(markdown).toContain('<details><summary>1 file to change</summary>')
    expect(markdown).not.toMatch(/values written|file changed|ready in/)
  })

  it('Helm: a table of the values edits, nothing written', () => {
    const markdown = adoptToMarkdown([helm])
    expect(markdown).toContain('**Helm chart: nothing written.**')
    expect(markdown).toContain(
      '| Deployment.apps web/shop | `spec.replicas` | `5` | `2` | `shop/templates/deployment.yaml` |'
    )
  })
})
