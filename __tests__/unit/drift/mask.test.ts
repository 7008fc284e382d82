import { createHash } from 'node:crypto'
import { isMaskedValue, isSensitivePath, maskSecret, maskedValue } from '../../../src/drift/mask.ts'
import { prepareDesired } from '../../../src/drift/prepare-desired.ts'
import { secretLive } from './fixtures.ts'

const CANARY = 'CANARY-7f3a9c-do-not-leak'

describe('maskSecret', () => {
  it('replaces every data value and the last-applied annotation', () => {
    const masked = maskSecret(secretLive(CANARY), 'salt')
    expect(JSON.stringify(masked)).not.toContain(CANARY)
    expect(JSON.stringify(masked)).not.toContain(Buffer.from(CANARY).toString('base64'))
    expect(masked.data).toEqual({
      username: expect.stringMatching(/^\(secret, hmac:[0-9a-f]{8}\)$/),
      password: expect.stringMatching(/^\(secret, hmac:[0-9a-f]{8}\)$/)
    })
    expect(
      masked.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']
    ).toMatch(/^\(secret, hmac:[0-9a-f]{8}\)$/)
  })

  it('hashes equal values equally and different values differently', () => {
    const a = maskSecret(secretLive('one'), 'salt').data as Record<string, string>
    const b = maskSecret(secretLive('two'), 'salt').data as Record<string, string>
    expect(a.username).toBe(b.username)
    expect(a.password).not.toBe(b.password)
  })

  it('hashes data on its decoded bytes, so stringData and data agree', () => {
    const fromStringData = maskSecret(
      prepareDesired({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's' },
        stringData: { k: 'v' }
      }),
      'salt'
    )
    const fromData = maskSecret(
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'dg==' } },
      'salt'
    )
    expect(fromStringData.data).toEqual(fromData.data)
  })

  it('is keyed: the same value and key hash the same every run, another key differently', () => {
    expect(maskedValue('key-1', 'x')).toBe(maskedValue('key-1', 'x'))
    expect(maskedValue('key-1', 'x')).not.toBe(maskedValue('key-2', 'x'))
  })

  it("maskSecret hashes with the key it is given, never with the Secret's own key names", () => {
    const data = (key: string) => maskSecret(secretLive('pw'), key).data as Record<string, string>
    expect(data('key-1').password).not.toBe(data('key-2').password)
    expect(data('key-1').password).toBe(maskedValue('key-1', Buffer.from('pw')))
    expect(data('key-1').password).not.toBe(maskedValue('password', Buffer.from('pw')))
  })

  it('cannot be matched by hashing a guess without the key (an HMAC, not a salted hash)', () => {
    const key = 'the-secret-key'
    const shown = maskedValue(key, 'hunter2').match(/hmac:([0-9a-f]{8})/)?.[1]
    // What a reader could compute from a guessed value: plain or key-less hashes.
    const guesses = [
      createHash('sha256').update('hunter2').digest('hex'),
      createHash('sha256').update(key).update('hunter2').digest('hex'),
      createHash('sha256').update('').update('hunter2').digest('hex')
    ].map(hash => hash.slice(0, 8))
    expect(shown).toMatch(/^[0-9a-f]{8}$/)
    expect(guesses).not.toContain(shown)
  })

  it('leaves objects that are not Secrets alone', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: {}, data: { a: 'b' } }
    expect(maskSecret(configMap, 'salt')).toBe(configMap)
  })
})

describe('isSensitivePath', () => {
  const secret = { kind: 'Secret' }
  it('covers data, stringData, the last-applied annotation and their ancestors', () => {
    expect(isSensitivePath(secret, '/data/password')).toBe(true)
    expect(isSensitivePath(secret, '/data')).toBe(true)
    expect(isSensitivePath(secret, '/stringData/x')).toBe(true)
    expect(
      isSensitivePath(
        secret,
        '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration'
      )
    ).toBe(true)
    expect(isSensitivePath(secret, '/metadata/labels/app')).toBe(false)
    expect(isSensitivePath(secret, '/type')).toBe(false)
    expect(isSensitivePath({ kind: 'ConfigMap' }, '/data/x')).toBe(false)
  })
})

describe('isMaskedValue', () => {
  it('knows the one notation and nothing else', () => {
    expect(isMaskedValue('(secret, hmac:abcd1234)')).toBe(true)
    expect(isMaskedValue('(secret, hmac:abcd)')).toBe(false)
    expect(isMaskedValue('plain')).toBe(false)
    expect(isMaskedValue(3)).toBe(false)
  })
})
