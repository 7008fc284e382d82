// The forms a secret takes in the text kube-drift writes. A token is printed
// as it is, JSON-escaped, escaped for a workflow command or URL-encoded; it is
// base64-encoded alone or inside a larger value (an `Authorization: Basic`
// header, a whole kubeconfig, a Secret's data), where it starts at any of
// three byte offsets; a PEM key comes decoded, wrapped at other widths,
// indented in YAML, or with its newlines escaped as `\n` (the scrubber
// matches across those breaks).

/** Shorter secrets would blot out ordinary words; the runner's own masking has the same limit in spirit. */
export const MIN_SECRET_LENGTH = 4
/** A derived form shorter than this is too likely to be ordinary text. */
const MIN_DERIVED_LENGTH = 8

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g

/** Every form of `secret` to scrub; none for a value too short to tell from ordinary text. */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return []
  const forms = new Set<string>([secret])
  addEscaped(forms, secret)
  for (const encoded of base64Forms(Buffer.from(secret, 'utf8'))) forms.add(encoded)
  for (const body of pemBodies(secret)) forms.add(body)
  return [...forms].filter(form => form === secret || form.length >= MIN_DERIVED_LENGTH)
}

function addEscaped(forms: Set<string>, secret: string): void {
  // A JSON string (report files, API bodies) and a JSON string inside one (last-applied annotations).
  const json = JSON.stringify(secret).slice(1, -1)
  forms.add(json)
  forms.add(JSON.stringify(json).slice(1, -1))
  // What @actions/core does to the message of ::error:: and ::warning:: commands.
  forms.add(secret.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'))
  forms.add(encodeURIComponent(secret))
}

/**
 * The base64 of `bytes` wherever they start inside a larger encoded value:
 * at offset 0, 1 or 2 modulo 3 the encoding of the secret's own bits differs,
 * and the characters shared with the neighbouring bytes are left out.
 */
export function base64Forms(bytes: Buffer): string[] {
  const forms: string[] = []
  const whole = bytes.toString('base64')
  forms.push(whole, toUrlSafe(whole))
  for (const shift of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes])
      .toString('base64')
      .replace(/=+$/, '')
    // The first characters mix in the bytes before; the last one the bytes after.
    const start = [0, 2, 3][shift]!
    const end = (shift + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 1
    const inner = encoded.slice(start, end)
    forms.push(inner, toUrlSafe(inner))
  }
  return forms
}

function toUrlSafe(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** A PEM block's body as one string, to be found however it is wrapped. */
function pemBodies(secret: string): string[] {
  return [...secret.matchAll(PEM_BLOCK)].map(block =>
    (block[2] ?? '')
      .split(/\r?\n/)
      .map(line => line.trim())
      .filter(line => line.length > 0 && !line.includes(':'))
      .join('')
  )
}
