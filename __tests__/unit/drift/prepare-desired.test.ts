import { prepareDesired } from '../../../src/drift/prepare-desired.ts'
import { deploymentDesired, secretDesired } from './fixtures.ts'

describe('prepareDesired', () => {
  it('turns Secret stringData into base64 data and defaults type to Opaque', () => {
    const prepared = prepareDesired(secretDesired('s3cr3t'))
    expect(prepared.stringData).toBeUndefined()
    expect(prepared.data).toEqual({
      username: Buffer.from('api').toString('base64'),
      password: Buffer.from('s3cr3t').toString('base64')
    })
    expect(prepared.type).toBe('Opaque')
  })

  it('lets stringData win over data for the same key, like the API server', () => {
    const secret = secretDesired('from-stringData')
    secret.data = { password: Buffer.from('from-data').toString('base64'), other: 'eA==' }
    const prepared = prepareDesired(secret)
    expect(prepared.data).toEqual({
      username: Buffer.from('api').toString('base64'),
      password: Buffer.from('from-stringData').toString('base64'),
      other: 'eA=='
    })
  })

  it('keeps an explicit Secret type and leaves other kinds untouched', () => {
    const tls = { ...secretDesired('x'), type: 'kubernetes.io/tls' }
    expect(prepareDesired(tls).type).toBe('kubernetes.io/tls')
    const deployment = deploymentDesired()
    expect(prepareDesired(deployment)).toBe(deployment)
  })

  it('does not mutate the desired object', () => {
    const secret = secretDesired('x')
    prepareDesired(secret)
    expect(secret.stringData).toBeDefined()
    expect(secret.type).toBeUndefined()
  })
})
