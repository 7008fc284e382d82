import { helmSuggestion } from '../../../src/adopt/helm-suggestion.ts'
import type { Target } from '../../../src/config/target.ts'

const target: Target = {
  name: 'shop',
  renderer: 'helm',
  paths: ['charts/shop'],
  ignore: [],
  helm: { release: 'shop', values: ['charts/shop/values-prod.yaml'], set: [], includeHooks: false }
}

describe('helmSuggestion', () => {
  it('names the field, the live and rendered values, the template and the values files', () => {
    const suggestion = helmSuggestion(
      'Deployment.apps web/shop',
      { path: '/spec/replicas', reason: 'changed', live: 5, desired: 2 },
      {
        file: 'charts/shop/templates/deployment.yaml',
        line: 1,
        template: 'shop/templates/deployment.yaml'
      },
      target
    )
    expect(suggestion).toEqual({
      resource: 'Deployment.apps web/shop',
      path: '/spec/replicas',
      reason: 'changed',
      live: 5,
      desired: 2,
      template: 'shop/templates/deployment.yaml',
      chart: 'charts/shop',
      valuesFiles: ['charts/shop/values-prod.yaml']
    })
  })

  it('a field added out of band has no rendered value', () => {
    const suggestion = helmSuggestion(
      'Deployment.apps web/shop',
      { path: '/metadata/labels/team', reason: 'added-out-of-band', live: 'x' },
      undefined,
      target
    )
    expect(suggestion).not.toHaveProperty('desired')
    expect(suggestion).not.toHaveProperty('template')
  })
})
