// The key of the hashes that stand for Secret values (drift/mask.ts). It must be
// secret, so that a reader of a report cannot test a guessed value by hashing it,
// and stable, so that an unchanged Secret renders the same every night and a pull
// request's head and base runs compare equal. The kubeconfig's own credential has
// both properties: whoever holds it can read the Secrets anyway (the key gives
// them nothing new), nobody else can compute the hashes, and it stays the same
// between runs until it is rotated (then every hash changes once).
import { createHmac, randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { User } from '@kubernetes/client-node'
import { loadKubeconfig, type KubeconfigSource, type LoadedKubeconfig } from './kubeconfig.ts'

/** Set it (a repository secret) when the credential changes every run (exec plugins, OIDC). */
export const MASK_KEY_ENV = 'KUBE_DRIFT_MASK_KEY'

const LABEL = 'kube-drift mask key v1'

export interface MaskKey {
  key: string
  /** where it comes from: `env`, `credential`, or `run` (a random key: hashes differ per run). */
  source: 'env' | 'credential' | 'run'
}

/**
 * KUBE_DRIFT_MASK_KEY when set, else a key derived from the current user's static
 * credential (token, password, client key), else a random key for this run only.
 * The credential never leaves this function: only an HMAC of a fixed label is kept.
 */
export async function maskKeyFor(
  loaded: Pick<LoadedKubeconfig, 'kc' | 'server'>,
  env: NodeJS.ProcessEnv = process.env
): Promise<MaskKey> {
  const fromEnv = env[MASK_KEY_ENV]
  if (fromEnv !== undefined && fromEnv !== '') {
    return { key: derive(fromEnv, LABEL), source: 'env' }
  }
  const material = await staticCredential(loaded.kc.getCurrentUser())
  if (material !== undefined) {
    // The server is in the label: the same token on two clusters gives two keys.
    return { key: derive(material, `${LABEL}\0${loaded.server}`), source: 'credential' }
  }
  return { key: randomBytes(32).toString('hex'), source: 'run' }
}

/** The key for the context a run connects to first (the one that names the report). */
export async function maskKeyForSource(
  source: KubeconfigSource,
  env: NodeJS.ProcessEnv = process.env
): Promise<MaskKey> {
  return maskKeyFor(loadKubeconfig(source), env)
}

/** The note a report carries when masked values cannot be compared with other runs. */
export const RUN_KEY_NOTE = `Masked Secret values are hashed with a key made for this run only (the kubeconfig has no static credential to derive a stable one from), so their hashes differ from other runs'. Set ${MASK_KEY_ENV} (a secret) to keep them stable.`

function derive(secret: string | Buffer, label: string): string {
  return createHmac('sha256', secret).update(label).digest('hex')
}

/** A credential that stays the same between runs; exec plugins and auth providers mint new ones. */
async function staticCredential(user: User | null): Promise<string | Buffer | undefined> {
  if (!user) return undefined
  if (user.token) return user.token
  if (user.password) return `${user.username ?? ''}\0${user.password}`
  if (user.keyData) return user.keyData
  if (user.keyFile) {
    try {
      return await readFile(user.keyFile)
    } catch {
      // The connection fails on its own with a clear error; the run key will do meanwhile.
      return undefined
    }
  }
  return undefined
}
