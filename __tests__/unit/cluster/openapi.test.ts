// The OpenAPI reader's caching and its failures, with a server stand-in that
// answers the three paths it needs the way kube-apiserver does (an index naming
// each document by the SHA-512 of its content).
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  OpenApiSchemas,
  OpenApiUnavailableError,
  defaultOpenApiCacheDir
} from '../../../src/cluster/openapi.ts'
import { schemaForLocalComparison } from '../../../src/engine/local-schema.ts'
import { appsDocument, gadgetDocument } from '../drift/schema-fixtures.ts'

const hashOf = (text: string) => createHash('sha512').update(text).digest('hex').toUpperCase()

function server(documents: Record<string, string>) {
  const requests: string[] = []
  const paths = Object.fromEntries(
    Object.entries(documents).map(([key, text]) => [
      key,
      { serverRelativeURL: `/openapi/v3/${key}?hash=${hashOf(text)}` }
    ])
  )
  const fetchText = async (path: string, query: Record<string, string>) => {
    requests.push(query.hash ? `${path}?hash=${query.hash.slice(0, 8)}` : path)
    if (path === '/openapi/v3') return JSON.stringify({ paths })
    const key = path.replace('/openapi/v3/', '')
    return documents[key] ?? null
  }
  return { requests, fetchText }
}

const apps = JSON.stringify(appsDocument())
const gadgets = JSON.stringify(gadgetDocument())

describe('OpenApiSchemas', () => {
  it('fetches the index and only the group-versions asked for, once per run', async () => {
    const { requests, fetchText } = server({ 'apis/apps/v1': apps, 'apis/schema.test/v1': gadgets })
    const schemas = new OpenApiSchemas(fetchText, 'v1.35.4', undefined)
    const first = await schemas.kindSchema('apps/v1', 'Deployment')
    const again = await schemas.kindSchema('apps/v1', 'Deployment')
    expect(first?.root.definition).toBe('io.k8s.api.apps.v1.Deployment')
    expect(again).toBe(first)
    expect(requests).toEqual([
      '/openapi/v3',
      `/openapi/v3/apis/apps/v1?hash=${hashOf(apps).slice(0, 8)}`
    ])
    expect(schemas.stats).toEqual({ fetched: 2, fromDisk: 0 })
  })

  it('reads a document from the disk cache on the next run: only the index goes over the network', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-drift-openapi-'))
    const cold = server({ 'apis/apps/v1': apps })
    await new OpenApiSchemas(cold.fetchText, 'v1.35.4', dir).kindSchema('apps/v1', 'Deployment')
    expect(readdirSync(join(dir, 'v1.35.4'))).toEqual([`apis_apps_v1-${hashOf(apps)}.json`])
    const warm = server({ 'apis/apps/v1': apps })
    const schemas = new OpenApiSchemas(warm.fetchText, 'v1.35.4', dir)
    expect((await schemas.kindSchema('apps/v1', 'Deployment'))?.root.definition).toBe(
      'io.k8s.api.apps.v1.Deployment'
    )
    expect(warm.requests).toEqual(['/openapi/v3'])
    expect(schemas.stats).toEqual({ fetched: 1, fromDisk: 1 })
  })

  it('fetches again when the hash changes (a CRD changed) or the server version differs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-drift-openapi-'))
    await new OpenApiSchemas(
      server({ 'apis/schema.test/v1': gadgets }).fetchText,
      'v1.35.4',
      dir
    ).kindSchema('schema.test/v1', 'Gadget')
    const changed = JSON.stringify({ ...gadgetDocument(), info: { version: 'changed' } })
    const afterCrdChange = server({ 'apis/schema.test/v1': changed })
    await new OpenApiSchemas(afterCrdChange.fetchText, 'v1.35.4', dir).kindSchema(
      'schema.test/v1',
      'Gadget'
    )
    expect(afterCrdChange.requests).toHaveLength(2)
    const otherServer = server({ 'apis/schema.test/v1': gadgets })
    await new OpenApiSchemas(otherServer.fetchText, 'v1.36.0', dir).kindSchema(
      'schema.test/v1',
      'Gadget'
    )
    expect(otherServer.requests).toHaveLength(2)
  })

  it('never uses a cached file whose content does not match its hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-drift-openapi-'))
    await new OpenApiSchemas(server({ 'apis/apps/v1': apps }).fetchText, 'v1.35.4', dir).kindSchema(
      'apps/v1',
      'Deployment'
    )
    const file = join(dir, 'v1.35.4', `apis_apps_v1-${hashOf(apps)}.json`)
    // Someone edits the cache: the run must read the server's document, not this one.
    writeFileSync(file, JSON.stringify({ components: { schemas: {} } }))
    const again = server({ 'apis/apps/v1': apps })
    const schemas = new OpenApiSchemas(again.fetchText, 'v1.35.4', dir)
    expect((await schemas.kindSchema('apps/v1', 'Deployment'))?.root.definition).toBe(
      'io.k8s.api.apps.v1.Deployment'
    )
    expect(again.requests).toHaveLength(2)
  })

  it('gives undefined for a group-version the server publishes no document for', async () => {
    const schemas = new OpenApiSchemas(server({ 'apis/apps/v1': apps }).fetchText, 'v', undefined)
    expect(await schemas.kindSchema('batch/v1', 'Job')).toBeUndefined()
  })

  it('throws OpenApiUnavailableError when the OpenAPI cannot be read', async () => {
    const forbidden = async () => {
      throw new Error('forbidden: User "x" cannot get path "/openapi/v3"')
    }
    await expect(
      new OpenApiSchemas(forbidden, 'v', undefined).kindSchema('v1', 'Pod')
    ).rejects.toThrow(
      new OpenApiUnavailableError(
        'reading /openapi/v3 failed: forbidden: User "x" cannot get path "/openapi/v3"'
      )
    )
    const notServed = async () => null
    await expect(
      new OpenApiSchemas(notServed, 'v', undefined).kindSchema('v1', 'Pod')
    ).rejects.toThrow('the server does not serve /openapi/v3')
    const garbage = async () => '<html>proxy error</html>'
    await expect(
      new OpenApiSchemas(garbage, 'v', undefined).kindSchema('v1', 'Pod')
    ).rejects.toThrow('unexpected answer from /openapi/v3: not JSON')
    const noSchemas = server({ 'apis/apps/v1': '{"paths":{}}' })
    await expect(
      new OpenApiSchemas(noSchemas.fetchText, 'v', undefined).kindSchema('apps/v1', 'Deployment')
    ).rejects.toThrow('unexpected answer from /openapi/v3/apis/apps/v1: no components.schemas')
  })

  it('keeps its cache under KUBE_DRIFT_CACHE_DIR, else XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultOpenApiCacheDir({ KUBE_DRIFT_CACHE_DIR: '/c' })).toBe('/c/openapi')
    expect(defaultOpenApiCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/kube-drift/openapi')
    expect(defaultOpenApiCacheDir({})).toMatch(/\.cache\/kube-drift\/openapi$/)
  })
})

describe('schemaForLocalComparison', () => {
  const object = (apiVersion: string, kind: string) => ({ apiVersion, kind, metadata: {} })

  it('gives the schema, and notes nothing, when the server publishes it', async () => {
    const notes = new Set<string>()
    const schemas = new OpenApiSchemas(server({ 'apis/apps/v1': apps }).fetchText, 'v', undefined)
    const schema = await schemaForLocalComparison(schemas, object('apps/v1', 'Deployment'), notes)
    expect(schema?.root.definition).toBe('io.k8s.api.apps.v1.Deployment')
    expect([...notes]).toEqual([])
  })

  it('notes a kind the server publishes no schema for, and goes on without it', async () => {
    const notes = new Set<string>()
    const schemas = new OpenApiSchemas(server({ 'apis/apps/v1': apps }).fetchText, 'v', undefined)
    expect(
      await schemaForLocalComparison(schemas, object('batch/v1', 'Job'), notes)
    ).toBeUndefined()
    expect([...notes]).toEqual([
      'The server publishes no OpenAPI schema for batch/v1 Job: compared locally without it, so explicit zeros and defaults inside atomic fields may show as drift.'
    ])
  })

  it('notes an OpenAPI that cannot be read once, and goes on without it', async () => {
    const notes = new Set<string>()
    const forbidden = async () => {
      throw new Error('forbidden')
    }
    const schemas = new OpenApiSchemas(forbidden, 'v', undefined)
    for (const kind of ['Deployment', 'DaemonSet']) {
      expect(
        await schemaForLocalComparison(schemas, object('apps/v1', kind), notes)
      ).toBeUndefined()
    }
    expect([...notes]).toEqual([
      "The server's OpenAPI schema could not be read (reading /openapi/v3 failed: forbidden): compared locally without it, so explicit zeros and defaults inside atomic fields may show as drift."
    ])
  })
})
