// The server's OpenAPI v3 schemas, for the read-only comparison (see
// drift/schema.ts). Any identity that may `get` may read them. Only the
// group-versions a run compares locally are fetched: first the index
// (`/openapi/v3`, which names each group-version's document by a hash of its
// content, so it changes when a CRD does), then each document, kept in memory
// for the run and on disk under the user's cache directory, keyed by the server's
// gitVersion and that hash. A file on disk is used only when its content still
// has that hash.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { findKindSchema } from '../drift/schema.ts'
import type { KindSchema, OpenApiDocument } from '../drift/schema.ts'
import { isPlainObject } from '../drift/json.ts'
import { groupOf } from '../util/resource-identity.ts'

/** GETs a server path and returns the body as sent; null for a 404. Throws on any other failure. */
export type FetchText = (path: string, query: Record<string, string>) => Promise<string | null>

/** The OpenAPI could not be read: the local comparison goes on without it. */
export class OpenApiUnavailableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OpenApiUnavailableError'
  }
}

interface IndexEntry {
  path: string
  hash: string
}

/** What the schemas cost a run, for the benchmark and the tests. */
export interface OpenApiStats {
  /** documents read over the network (the index included). */
  fetched: number
  /** documents read from the disk cache. */
  fromDisk: number
}

export class OpenApiSchemas {
  readonly stats: OpenApiStats = { fetched: 0, fromDisk: 0 }
  private index: Promise<Map<string, IndexEntry>> | undefined
  private readonly documents = new Map<string, Promise<OpenApiDocument | undefined>>()
  /** apiVersion → kind → its schema. */
  private readonly kinds = new Map<string, Map<string, Promise<KindSchema | undefined>>>()
  private readonly fetchText: FetchText
  private readonly serverVersion: string
  private readonly cacheDir: string | undefined

  /** cacheDir undefined keeps the documents in memory only. */
  constructor(fetchText: FetchText, serverVersion: string, cacheDir: string | undefined) {
    this.fetchText = fetchText
    this.serverVersion = serverVersion
    this.cacheDir = cacheDir
  }

  /**
   * The schema of apiVersion/kind; undefined when the server publishes none for
   * it. Throws OpenApiUnavailableError when the OpenAPI cannot be read.
   */
  kindSchema(apiVersion: string, kind: string): Promise<KindSchema | undefined> {
    let kinds = this.kinds.get(apiVersion)
    if (!kinds) this.kinds.set(apiVersion, (kinds = new Map()))
    let found = kinds.get(kind)
    if (!found) {
      found = this.document(apiVersion).then(document =>
        document === undefined ? undefined : findKindSchema(document, apiVersion, kind)
      )
      kinds.set(kind, found)
    }
    return found
  }

  private document(apiVersion: string): Promise<OpenApiDocument | undefined> {
    // The OpenAPI v3 index names a group version by its REST path: `apis/apps/v1`, `api/v1`.
    const indexKey = groupOf(apiVersion) ? `apis/${apiVersion}` : `api/${apiVersion}`
    let document = this.documents.get(indexKey)
    if (!document) {
      document = this.readIndex().then(index => {
        const entry = index.get(indexKey)
        return entry === undefined ? undefined : this.readDocument(indexKey, entry)
      })
      this.documents.set(indexKey, document)
    }
    return document
  }

  private readIndex(): Promise<Map<string, IndexEntry>> {
    this.index ??= (async () => {
      const text = await this.fetch('/openapi/v3', {})
      const entries = new Map<string, IndexEntry>()
      const paths = parseJson(text, '/openapi/v3')?.paths
      if (!isPlainObject(paths)) throw unexpected('/openapi/v3', 'no paths')
      for (const [key, value] of Object.entries(paths)) {
        const url = isPlainObject(value) ? value.serverRelativeURL : undefined
        if (typeof url !== 'string') continue
        const parsed = new URL(url, 'https://server.invalid')
        entries.set(key, { path: parsed.pathname, hash: parsed.searchParams.get('hash') ?? '' })
      }
      return entries
    })()
    return this.index
  }

  private async readDocument(key: string, entry: IndexEntry): Promise<OpenApiDocument> {
    const file = this.cacheFile(key, entry.hash)
    const cached = file === undefined ? undefined : readVerified(file, entry.hash)
    if (cached !== undefined) {
      this.stats.fromDisk++
      return toDocument(cached, entry.path)
    }
    const text = await this.fetch(entry.path, entry.hash ? { hash: entry.hash } : {})
    const document = toDocument(text, entry.path)
    // Only a document that matches its hash is kept: the next run verifies it the same way.
    if (file !== undefined && sha512(text) === entry.hash) writeQuietly(file, text)
    return document
  }

  private async fetch(path: string, query: Record<string, string>): Promise<string> {
    this.stats.fetched++
    let text: string | null
    try {
      text = await this.fetchText(path, query)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new OpenApiUnavailableError(`reading ${path} failed: ${reason}`)
    }
    if (text === null) throw new OpenApiUnavailableError(`the server does not serve ${path}`)
    return text
  }

  /** A file only for hashes that can be verified (SHA-512, as kube-apiserver gives them). */
  private cacheFile(key: string, hash: string): string | undefined {
    if (this.cacheDir === undefined || !/^[0-9A-F]{128}$/.test(hash)) return undefined
    const version = this.serverVersion.replace(/[^A-Za-z0-9._-]/g, '_')
    return join(this.cacheDir, version, `${key.replace(/[^A-Za-z0-9._-]/g, '_')}-${hash}.json`)
  }
}

/** `$KUBE_DRIFT_CACHE_DIR`, else `$XDG_CACHE_HOME/kube-drift/openapi`, else `~/.cache/kube-drift/openapi`. */
export function defaultOpenApiCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUBE_DRIFT_CACHE_DIR) return join(env.KUBE_DRIFT_CACHE_DIR, 'openapi')
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kube-drift', 'openapi')
}

function sha512(text: string): string {
  return createHash('sha512').update(text, 'utf8').digest('hex').toUpperCase()
}

function readVerified(file: string, hash: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8')
    return sha512(text) === hash ? text : undefined
  } catch {
    return undefined
  }
}

function writeQuietly(file: string, text: string): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 })
    const temporary = `${file}.${process.pid}.tmp`
    writeFileSync(temporary, text, { mode: 0o600 })
    renameSync(temporary, file)
  } catch {
    // The cache only saves requests; a run that cannot write it reads the server again.
  }
}

function parseJson(text: string, path: string): Record<string, unknown> | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw unexpected(path, 'not JSON')
  }
  return isPlainObject(parsed) ? parsed : undefined
}

function toDocument(text: string, path: string): OpenApiDocument {
  const document = parseJson(text, path)
  const components = document?.components
  if (!isPlainObject(components) || !isPlainObject(components.schemas)) {
    throw unexpected(path, 'no components.schemas')
  }
  return document as OpenApiDocument
}

function unexpected(path: string, what: string): OpenApiUnavailableError {
  return new OpenApiUnavailableError(`unexpected answer from ${path}: ${what}`)
}
