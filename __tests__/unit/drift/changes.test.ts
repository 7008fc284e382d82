import { diffObjects } from '../../../src/drift/changes.ts'
import { normalizeObject } from '../../../src/drift/normalize.ts'
import { deploymentLive, setAt } from './fixtures.ts'

const CONTAINER = '/spec/template/spec/containers/0'

function livePair() {
  const live = normalizeObject(deploymentLive())
  const predicted = normalizeObject(deploymentLive())
  return { live, predicted }
}

describe('diffObjects', () => {
  it('finds nothing between identical objects', () => {
    const { live, predicted } = livePair()
    expect(diffObjects(live, predicted)).toEqual([])
  })

  it('reports a changed leaf with both values', () => {
    const { live, predicted } = livePair()
    setAt(live, `${CONTAINER}/image`, 'registry.example.com/api:1.5.0-hotfix')
    expect(diffObjects(live, predicted)).toEqual([
      {
        path: `${CONTAINER}/image`,
        live: 'registry.example.com/api:1.5.0-hotfix',
        desired: 'registry.example.com/api:1.4.2'
      }
    ])
  })

  it('never reports values equal under values.ts (quantities, int-or-string)', () => {
    const { live, predicted } = livePair()
    setAt(predicted, `${CONTAINER}/resources/requests/cpu`, 0.5)
    setAt(predicted, `${CONTAINER}/resources/limits/memory`, '1024Mi')
    setAt(predicted, `${CONTAINER}/ports/0/containerPort`, '8080')
    expect(diffObjects(live, predicted)).toEqual([])
  })

  it('reports a one-sided field as a whole subtree, with RFC 6901 escaping', () => {
    const { live, predicted } = livePair()
    setAt(live, '/spec/template/spec/nodeSelector', { 'kubernetes.io/os': 'linux' })
    expect(diffObjects(live, predicted)).toEqual([
      { path: '/spec/template/spec/nodeSelector', live: { 'kubernetes.io/os': 'linux' } }
    ])
    setAt(predicted, '/spec/template/spec/nodeSelector', { 'kubernetes.io/os': 'windows' })
    expect(diffObjects(live, predicted)).toEqual([
      {
        path: '/spec/template/spec/nodeSelector/kubernetes.io~1os',
        live: 'linux',
        desired: 'windows'
      }
    ])
  })

  it('reports labels and annotations key by key, also when the map is on one side only', () => {
    const { live, predicted } = livePair()
    setAt(live, '/metadata/annotations', { 'example.com/owner': 'payments' })
    expect(diffObjects(live, predicted)).toEqual([
      { path: '/metadata/annotations/example.com~1owner', live: 'payments' }
    ])
    setAt(live, '/spec/template/metadata/labels', undefined)
    setAt(predicted, '/spec/template/metadata/labels', { 'app.kubernetes.io/part-of': 'shop' })
    expect(diffObjects(live, predicted)).toEqual([
      { path: '/metadata/annotations/example.com~1owner', live: 'payments' },
      { path: '/spec/template/metadata/labels/app.kubernetes.io~1part-of', desired: 'shop' }
    ])
  })

  it('matches env entries by name and uses live indices (predicted ones for predicted-only items)', () => {
    const { live, predicted } = livePair()
    setAt(live, `${CONTAINER}/env`, [
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'A', value: '1' }
    ])
    setAt(predicted, `${CONTAINER}/env`, [
      { name: 'A', value: '1' },
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'B', value: '2' }
    ])
    expect(diffObjects(live, predicted)).toEqual([
      { path: `${CONTAINER}/env/0/value`, live: 'debug', desired: 'info' },
      { path: `${CONTAINER}/env/2`, desired: { name: 'B', value: '2' } }
    ])
  })

  it('reports a scalar list (args) that differs once, at the list', () => {
    const { live, predicted } = livePair()
    setAt(live, `${CONTAINER}/args`, ['--port=8080', '--verbose'])
    setAt(predicted, `${CONTAINER}/args`, ['--port=8080'])
    expect(diffObjects(live, predicted)).toEqual([
      { path: `${CONTAINER}/args`, live: ['--port=8080', '--verbose'], desired: ['--port=8080'] }
    ])
  })

  it('leaves out skipped live paths, also from inside a live-only subtree', () => {
    const { live, predicted } = livePair()
    setAt(live, '/metadata/annotations', { 'a.example.com/x': '1', 'b.example.com/y': '2' })
    const skipped = diffObjects(live, predicted, ['/metadata/annotations/a.example.com~1x'])
    expect(skipped).toEqual([{ path: '/metadata/annotations/b.example.com~1y', live: '2' }])
    const allSkipped = diffObjects(live, predicted, [
      '/metadata/annotations/a.example.com~1x',
      '/metadata/annotations/b.example.com~1y'
    ])
    expect(allSkipped).toEqual([])
  })

  it('does not let a skipped live index hide a predicted-only item at the same index', () => {
    const { live, predicted } = livePair()
    setAt(live, `${CONTAINER}/env/-`, { name: 'DEBUG', value: 'true' })
    setAt(predicted, `${CONTAINER}/env/-`, { name: 'NEW', value: 'x' })
    const changes = diffObjects(live, predicted, [`${CONTAINER}/env/2`])
    expect(changes).toEqual([{ path: `${CONTAINER}/env/2`, desired: { name: 'NEW', value: 'x' } }])
  })
})
