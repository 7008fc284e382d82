// Every credential inside a kubeconfig, so each can be masked in the log on its
// own (a masked whole file does not hide a token printed alone).
import { load } from 'js-yaml'

const SECRET_KEYS = new Set([
  'token',
  'password',
  'client-key-data',
  'client-certificate-data',
  'certificate-authority-data',
  'id-token',
  'refresh-token',
  'access-token',
  'client-secret'
])

export function maskKubeconfig(text: string): string[] {
  let doc: unknown
  try {
    doc = load(text)
  } catch {
    return []
  }
  const secrets: string[] = []
  const visit = (value: unknown, key?: string): void => {
    if (typeof value === 'string') {
      if (key && SECRET_KEYS.has(key) && value.length > 0) {
        secrets.push(value)
        // Base64 data is often decoded and printed (PEM blocks): mask the decoded lines too.
        if (key.endsWith('-data')) {
          const decoded = Buffer.from(value, 'base64').toString('utf8')
          for (const line of decoded.split('\n')) {
            const trimmed = line.trim()
            if (trimmed.length > 8 && !trimmed.startsWith('-----')) secrets.push(trimmed)
          }
        }
      }
      return
    }
    if (Array.isArray(value)) value.forEach(item => visit(item))
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k)
    }
  }
  visit(doc)
  return secrets
}
