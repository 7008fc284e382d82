// Shared by the compareResource tests: run one comparison the way the engine does.

import { compareResource, type CompareInput } from '../../../src/drift/index.ts'
import type { KubeObject, ResourceResult } from '../../../src/types.ts'
import { desiredOf } from './fixtures.ts'

export const SALT = 'per-run-salt'

export type Method = 'local' | 'server'

export function compare(
  desired: KubeObject,
  live: KubeObject | null,
  options: Partial<Omit<CompareInput, 'desired' | 'live'>> = {}
): ResourceResult {
  return compareResource({
    desired: desiredOf(desired),
    live,
    dryRun: null,
    fieldManager: 'kube-drift',
    ignore: [],
    salt: SALT,
    ...options
  })
}

/**
 * Compares by the given method. For 'server', `dryRun` is what the API server's
 * server-side apply dry-run (field manager kube-drift, force) returns.
 */
export function compareBy(
  method: Method,
  desired: KubeObject,
  live: KubeObject,
  dryRun: KubeObject,
  options: Partial<Omit<CompareInput, 'desired' | 'live' | 'dryRun'>> = {}
): ResourceResult {
  return compare(desired, live, { ...options, dryRun: method === 'server' ? dryRun : null })
}

/** Lines of a unified diff that start with the given marker ('-' or '+'), headers excluded. */
export function diffLines(diff: string, marker: '-' | '+'): string[] {
  return diff
    .split('\n')
    .filter(line => line.startsWith(marker) && !line.startsWith('---') && !line.startsWith('+++'))
}
