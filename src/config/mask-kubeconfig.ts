// Every credential inside a kubeconfig, so each can be masked in the log on its
// own (a masked whole file does not hide a token printed alone), and the files
// a kubeconfig takes credentials from, for the scrubber to read.
import { load } from 'js-yaml'
import { dirname, resolve } from 'node:path'

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

/** Keys holding a URL, whose user-info may carry a password (`https://user:pass@proxy`). */
const URL_KEYS = new Set(['server', 'proxy-url'])

/** Keys naming a file whose contents are a credential. */
const FILE_KEYS = new Set(['client-key', 'client-certificate', 'tokenFile'])

/** An environment variable whose value is a credential. */
const SECRET_NAME = /token|secret|passw|credential|key|auth/i
/** From this length, an exec plugin's environment value is treated as a credential. */
const LONG_VALUE = 16

/** An exec plugin argument that carries a credential: `--token=x`, `--password x`. */
const SECRET_FLAG = /^--?[\w-]*(token|secret|password|key)[\w-]*$/i

export function maskKubeconfig(text: string): string[] {
  let doc: unknown
  try {
    doc = load(text)
  } catch {
    // Unreadable, so its credentials cannot be found one by one: mask every line.
    return text
      .split('\n')
      .map(line => line.trim())
      .filter(line => line.length > 3)
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
      } else if (key && URL_KEYS.has(key)) {
        secrets.push(...urlPassword(value))
      }
      return
    }
    if (key === 'args' && Array.isArray(value)) secrets.push(...flagValues(value))
    if (key === 'env' && Array.isArray(value)) {
      secrets.push(...envSecrets(value))
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

function urlPassword(value: string): string[] {
  try {
    const password = decodeURIComponent(new URL(value).password)
    return password ? [password] : []
  } catch {
    return []
  }
}

/**
 * An exec plugin's environment (`users[].user.exec.env[]`) commonly carries
 * tokens, but also `AWS_PROFILE: prod`: masked, a short everyday word would
 * blot out every path and name that contains it. So: the values of
 * secret-looking names, and long values whatever their name.
 */
function envSecrets(env: unknown[]): string[] {
  return env.flatMap(entry => {
    const { name, value } = (entry ?? {}) as { name?: unknown; value?: unknown }
    if (typeof value !== 'string' || value.length === 0) return []
    const secretName = typeof name === 'string' && SECRET_NAME.test(name)
    return secretName || value.length >= LONG_VALUE ? [value] : []
  })
}

/** The values of secret-looking flags among an exec plugin's arguments. */
function flagValues(args: unknown[]): string[] {
  const found: string[] = []
  args.forEach((arg, i) => {
    if (typeof arg !== 'string') return
    const [flag, ...rest] = arg.split('=')
    if (!flag || !SECRET_FLAG.test(flag)) return
    const value = rest.length > 0 ? rest.join('=') : args[i + 1]
    if (typeof value === 'string' && value.length > 0) found.push(value)
  })
  return found
}

/**
 * The files a kubeconfig reads credentials from (`client-key`,
 * `client-certificate`, `tokenFile`), resolved against its own folder as
 * kubectl does; `path` is where the kubeconfig was read from.
 */
export function kubeconfigCredentialFiles(text: string, path: string): string[] {
  let doc: unknown
  try {
    doc = load(text)
  } catch {
    return []
  }
  const files: string[] = []
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit)
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (FILE_KEYS.has(key) && typeof item === 'string' && item.length > 0) {
          files.push(resolve(dirname(path), item))
        } else visit(item)
      }
    }
  }
  visit(doc)
  return files
}
