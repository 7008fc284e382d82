// GitHub has no conditional create, and a create can be stored while its
// answer is lost (a 502 from a proxy, a reset connection, a timeout). Tried
// again blindly, it would post the sticky comment or open the drift issue
// twice. So the client never retries a POST itself (client.ts), and a create
// goes through here: after an answer that may have been lost, look for what
// the create would have made; only when it is not there, create again.
import { statusOf } from './permission.ts'

export interface CreateOnce<T> {
  create: () => Promise<T>
  /** what an earlier attempt of `create` would have made, if it is there. */
  find: () => Promise<T | undefined>
}

const ATTEMPTS = 3
const PAUSE_MS = 1000

export async function createOnce<T>(
  { create, find }: CreateOnce<T>,
  attempts = ATTEMPTS
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create()
    } catch (error) {
      if (!answerMayBeLost(error)) throw error
      const made = await find()
      if (made !== undefined) return made
      if (attempt >= attempts) throw error
      await new Promise(resolve => setTimeout(resolve, PAUSE_MS * attempt))
    }
  }
}

/**
 * A 4xx is GitHub's answer: nothing was created. A 5xx, a timeout or a broken
 * connection (Octokit reports both as 500, or gives no status) says nothing
 * about whether the create was stored.
 */
export function answerMayBeLost(error: unknown): boolean {
  const status = statusOf(error)
  return status === undefined || status >= 500 || status === 408
}
