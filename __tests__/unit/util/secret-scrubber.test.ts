// The scrubber finds a registered secret in every form it takes in text
// kube-drift writes, and leaves everything else alone. The checks here do not
// reuse the scrubber's own encodings: they look for any 8 (base64) or 16 (PEM)
// characters of the secret's own that survive.
import { describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { dump } from 'js-yaml'
import { MASK, SecretScrubber } from '../../../src/util/secret-scrubber.ts'

const TOKEN = 'ghs_Canary0tokenABCDEFghijkl0123456789'
const PASSWORD = 'p@ss w0rd/with%odd"chars\\'

function scrubberOf(...secrets: string[]): SecretScrubber {
  const scrubber = new SecretScrubber()
  for (const secret of secrets) scrubber.register(secret)
  return scrubber
}

/** The characters of base64(prefix + secret + suffix) that only the secret's bytes decide. */
function ownCharacters(prefix: Buffer, secret: Buffer, suffix: Buffer, urlSafe: boolean): string {
  const encoded = Buffer.concat([prefix, secret, suffix]).toString(urlSafe ? 'base64url' : 'base64')
  const start = Math.ceil((prefix.length * 8) / 6)
  const end = Math.floor(((prefix.length + secret.length) * 8) / 6)
  return encoded.slice(start, end)
}

function windows(text: string, size: number): string[] {
  const found: string[] = []
  for (let i = 0; i + size <= text.length; i++) found.push(text.slice(i, i + size))
  return found
}

function expectNoWindow(output: string, secretText: string, size: number): void {
  const survivors = windows(secretText, size).filter(window => output.includes(window))
  expect(survivors).toEqual([])
}

/** The output with line breaks, indentation and escaped newlines taken out. */
function compacted(text: string): string {
  return text.replace(/\s+|\\+[nrt]|%0[AD]/g, '')
}

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem'
}) as string
const pemBody = pem
  .split('\n')
  .filter(line => line && !line.startsWith('-----'))
  .join('')

describe('the secret scrubber', () => {
  it('replaces a token with *** wherever it is, and nothing else', () => {
    const scrubber = scrubberOf(TOKEN)
    const text = `token: ${TOKEN}\nurl: https://x-access-token:${TOKEN}@github.com/acme/shop\nplain words stay`
    expect(scrubber.scrub(text)).toBe(
      `token: ${MASK}\nurl: https://x-access-token:${MASK}@github.com/acme/shop\nplain words stay`
    )
    expect(scrubber.scrub('nothing secret here: ghs_other')).toBe('nothing secret here: ghs_other')
  })

  it('finds a secret JSON-escaped, escaped twice, escaped for a workflow command, URL-encoded', () => {
    const scrubber = scrubberOf(PASSWORD)
    const once = JSON.stringify({ password: PASSWORD })
    const twice = JSON.stringify({ annotation: once })
    const command = `::error::${PASSWORD.replace(/%/g, '%25')}`
    const url = `https://user:${encodeURIComponent(PASSWORD)}@proxy.example`
    for (const text of [once, twice, command, url]) {
      const output = scrubber.scrub(text)
      expect(output).toContain(MASK)
      expect(output).not.toContain('w0rd')
    }
    // JSON stays JSON.
    expect(JSON.parse(scrubber.scrub(once))).toEqual({ password: MASK })
    expect(JSON.parse(JSON.parse(scrubber.scrub(twice)).annotation)).toEqual({ password: MASK })
  })

  it.each([
    ['standard', false],
    ['URL-safe', true]
  ])('finds base64 (%s) of a secret at each alignment inside a larger value', (_, urlSafe) => {
    const scrubber = scrubberOf(TOKEN)
    const secret = Buffer.from(TOKEN)
    for (let before = 0; before < 6; before++) {
      for (let after = 0; after < 4; after++) {
        const prefix = Buffer.from('Authorization: Basic x:'.slice(0, before))
        const suffix = Buffer.from('\n!?'.slice(0, after))
        const whole = Buffer.concat([prefix, secret, suffix])
        const text = `value: ${whole.toString(urlSafe ? 'base64url' : 'base64')} end`
        const output = scrubber.scrub(text)
        expect(output).toContain(MASK)
        expect(output.endsWith(' end')).toBe(true)
        expectNoWindow(output, ownCharacters(prefix, secret, suffix, urlSafe), 8)
      }
    }
  })

  it('finds base64 of base64 (a kubeconfig field inside a Secret)', () => {
    const data = Buffer.from(pem).toString('base64')
    const scrubber = scrubberOf(data)
    const output = scrubber.scrub(`secret: ${Buffer.from(`key: ${data}`).toString('base64')}`)
    expect(output).toContain(MASK)
    expect(output.length).toBeLessThan(80)
  })

  describe('a PEM key', () => {
    const scrubber = scrubberOf(pem)
    const rewrapped = (width: number, eol = '\n') =>
      (pemBody.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join(eol)

    it.each([
      ['as it is', pem],
      [
        'wrapped at 76 columns',
        `-----BEGIN PRIVATE KEY-----\n${rewrapped(76)}\n-----END PRIVATE KEY-----`
      ],
      ['on one line', `key=${pemBody}`],
      ['with CRLF line ends', pem.replace(/\n/g, '\r\n')],
      ['JSON-escaped', JSON.stringify({ key: pem })],
      ['JSON-escaped twice', JSON.stringify(JSON.stringify({ key: pem }))],
      ['in an indented YAML block', dump({ data: { 'tls.key': pem } })],
      [
        'as diff lines',
        pem
          .split('\n')
          .map(line => `+    ${line}`)
          .join('\n')
      ],
      [
        'rewrapped, as diff lines',
        rewrapped(60)
          .split('\n')
          .map(line => `-      ${line}`)
          .join('\n')
      ],
      ['in a workflow command', `::warning::${pem.replace(/\n/g, '%0A')}`]
    ])('%s', (_, text) => {
      const output = scrubber.scrub(text)
      expect(output).toContain(MASK)
      expectNoWindow(compacted(output), pemBody, 16)
      expectNoWindow(output, pemBody, 16)
    })
  })

  it('masks a secret cut short, as a table cell shows a long value', () => {
    const jwt = `eyJhbGciOiJSUzI1NiJ9.${'eyJzdWIiOiJjaSJ9'.repeat(8)}.c2lnbmF0dXJlLXBhcnQ`
    const scrubber = scrubberOf(jwt)
    const cell = `| \`token\` | \`"${jwt.slice(0, 19)}…${jwt.slice(-18)}"\` |`
    expect(scrubber.scrub(cell)).toBe(`| \`token\` | \`"${MASK}…${MASK}"\` |`)
    // A PEM block's armour is in every key and no secret: it stays readable.
    expect(scrubberOf(pem).scrub('-----BEGIN PRIVATE KEY-----')).toBe('-----BEGIN PRIVATE KEY-----')
  })

  it('keeps the lines of a masked key, their diff markers and its armour', () => {
    const diff = pem
      .trim()
      .split('\n')
      .map(line => `-    ${line}`)
      .join('\n')
    const lines = scrubberOf(pem).scrub(`-  key: |\n${diff}\n+  key: none`).split('\n')
    expect(lines).toHaveLength(pem.trim().split('\n').length + 2)
    expect(lines[1]).toBe('-    -----BEGIN PRIVATE KEY-----')
    expect(lines.slice(2, -2).every(line => line === `-    ${MASK}`)).toBe(true)
    expect(lines.at(-2)).toBe('-    -----END PRIVATE KEY-----')
    expect(lines.at(-1)).toBe('+  key: none')
  })

  it('masks overlapping and adjacent secrets as one', () => {
    const scrubber = scrubberOf('alpha-secret-one', 'secret-one-beta')
    expect(scrubber.scrub('x alpha-secret-one-beta y')).toBe(`x ${MASK} y`)
  })

  it('ignores empty and very short values, which would blot out ordinary words', () => {
    const scrubber = scrubberOf('', 'abc')
    expect(scrubber.size).toBe(0)
    expect(scrubber.scrub('abc abcd')).toBe('abc abcd')
  })

  it('leaves text alone when nothing is registered', () => {
    expect(new SecretScrubber().scrub(`token ${TOKEN}`)).toBe(`token ${TOKEN}`)
  })

  it('scrubs every string inside a value, keeping its shape', () => {
    const scrubber = scrubberOf(TOKEN)
    expect(
      scrubber.scrubValue({ body: `a ${TOKEN}`, labels: ['x', TOKEN], issue_number: 7, ok: true })
    ).toEqual({ body: `a ${MASK}`, labels: ['x', MASK], issue_number: 7, ok: true })
  })
})
