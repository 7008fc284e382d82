// What the leak tests look for: every credential of the run in every form it
// could leak in — plain, JSON-escaped, base64 at each of the three byte
// alignments inside a larger value (standard and URL-safe alphabets), and a
// PEM key's body however it is wrapped. Computed here independently of
// src/util/secret-variants.ts, so the scrubber is not checked against itself.

export interface Leak {
  secret: string
  form: string
  channel: string
}

/** The characters of base64(prefix + secret) that only the secret's bytes decide. */
function ownBase64(secret: Buffer, shift: number, urlSafe: boolean): string {
  const encoded = Buffer.concat([Buffer.alloc(shift, 0x41), secret]).toString(
    urlSafe ? 'base64url' : 'base64'
  )
  const start = Math.ceil((shift * 8) / 6)
  const end = Math.floor(((shift + secret.length) * 8) / 6)
  return encoded.slice(start, end)
}

function windows(text: string, size: number): string[] {
  if (text.length <= size) return [text]
  const found: string[] = []
  for (let i = 0; i + size <= text.length; i += 3) found.push(text.slice(i, i + size))
  return found
}

/** Line breaks, indentation and escaped newlines taken out. */
function compacted(text: string): string {
  return text.replace(/\s+|\\+[nrt]|%0[AD]/g, '')
}

/** The PEM bodies inside a secret, as one line each. */
function pemBodies(secret: string): string[] {
  return [...secret.matchAll(/-----BEGIN [A-Z ]+-----([\s\S]*?)-----END/g)].map(match =>
    (match[1] ?? '').replace(/\s+/g, '')
  )
}

/** Every form of `secret` to look for, each a short window (a partial leak counts). */
export function leakForms(secret: string): { form: string; needle: string }[] {
  const pems = pemBodies(secret)
  const forms: { form: string; needle: string }[] = [
    { form: 'plain', needle: secret },
    { form: 'JSON-escaped', needle: JSON.stringify(secret).slice(1, -1) }
  ]
  // A PEM block's armour lines are no secret: its body is looked for below.
  if (pems.length === 0) {
    for (const needle of windows(secret, 16)) forms.push({ form: 'plain part', needle })
  }
  const bytes = Buffer.from(secret)
  for (const shift of [0, 1, 2]) {
    for (const urlSafe of [false, true]) {
      const form = `base64${urlSafe ? 'url' : ''} at offset ${shift}`
      for (const needle of windows(ownBase64(bytes, shift, urlSafe), 12)) {
        forms.push({ form, needle })
      }
    }
  }
  for (const body of pems) {
    for (const needle of windows(body, 16)) forms.push({ form: 'PEM body', needle })
  }
  return forms
}

/** Every leak of any of `secrets` in any of `channels`, also across line breaks. */
export function findLeaks(secrets: string[], channels: Record<string, string>): Leak[] {
  const leaks: Leak[] = []
  for (const [channel, text] of Object.entries(channels)) {
    const flat = compacted(text)
    for (const secret of secrets) {
      for (const { form, needle } of leakForms(secret)) {
        if (text.includes(needle) || flat.includes(compacted(needle))) {
          leaks.push({ secret: secret.slice(0, 12), form, channel })
          break
        }
      }
    }
  }
  return leaks
}
