import { mergeDesiredOntoLive, mergeWithGuesses } from '../../../src/drift/merge.ts'
import type { KubeObject } from '../../../src/types.ts'
import { deploymentDesired, deploymentLive, setAt, valueAt } from './fixtures.ts'

const CONTAINER = '/spec/template/spec/containers/0'

describe('mergeDesiredOntoLive', () => {
  it('keeps what the server defaulted and lets desired values win', () => {
    const desired = deploymentDesired()
    setAt(desired, '/spec/replicas', 4)
    const merged = mergeDesiredOntoLive(deploymentLive(), desired)
    expect(valueAt(merged, '/spec/replicas')).toBe(4)
    expect(valueAt(merged, '/spec/strategy/type')).toBe('RollingUpdate')
    expect(valueAt(merged, `${CONTAINER}/imagePullPolicy`)).toBe('IfNotPresent')
    expect(valueAt(merged, `${CONTAINER}/ports/0/protocol`)).toBe('TCP')
    // desired spelling of an equal quantity is what the merge holds; values.ts equates them.
    expect(valueAt(merged, `${CONTAINER}/resources/requests/cpu`)).toBe(0.5)
  })

  it('merges env by name: live-only entries stay, desired-only entries are appended', () => {
    const live = deploymentLive()
    setAt(live, `${CONTAINER}/env/-`, { name: 'DEBUG', value: 'true' })
    const desired = deploymentDesired()
    setAt(desired, `${CONTAINER}/env`, [
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'A', value: '1' },
      { name: 'NEW', value: 'x' }
    ])
    const merged = mergeDesiredOntoLive(live, desired)
    expect(valueAt(merged, `${CONTAINER}/env`)).toEqual([
      { name: 'A', value: '1' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'DEBUG', value: 'true' },
      { name: 'NEW', value: 'x' }
    ])
  })

  it('replaces scalar lists (args) as a whole', () => {
    const live = deploymentLive()
    setAt(live, `${CONTAINER}/args`, ['--port=8080', '--verbose'])
    const desired = deploymentDesired()
    setAt(desired, `${CONTAINER}/args`, ['--port=8080'])
    expect(valueAt(mergeDesiredOntoLive(live, desired), `${CONTAINER}/args`)).toEqual([
      '--port=8080'
    ])
  })

  it('replaces unkeyed object lists of different lengths as a whole', () => {
    const live = {
      apiVersion: 'v1',
      kind: 'X',
      metadata: {},
      rules: [{ host: 'a' }, { host: 'b' }]
    }
    const desired = { apiVersion: 'v1', kind: 'X', metadata: {}, rules: [{ host: 'a' }] }
    expect(mergeDesiredOntoLive(live, desired).rules).toEqual([{ host: 'a' }])
  })

  it('merges unkeyed lists of the same length by position and records the guess', () => {
    const live: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        volumeClaimTemplates: [
          { spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' } }
        ]
      }
    }
    const desired: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { volumeClaimTemplates: [{ spec: { accessModes: ['ReadWriteOnce'] } }] }
    }
    const { merged, guessedPaths } = mergeWithGuesses(live, desired)
    expect(valueAt(merged, '/spec/volumeClaimTemplates/0/spec/volumeMode')).toBe('Filesystem')
    expect(guessedPaths).toEqual(['/spec/volumeClaimTemplates'])
  })

  it('records no guess when only keyed lists are involved', () => {
    expect(mergeWithGuesses(deploymentLive(), deploymentDesired()).guessedPaths).toEqual([])
  })

  it('does not mutate live or desired', () => {
    const live = deploymentLive()
    const desired = deploymentDesired()
    setAt(desired, '/spec/replicas', 7)
    mergeDesiredOntoLive(live, desired)
    expect(valueAt(live, '/spec/replicas')).toBe(3)
  })
})
