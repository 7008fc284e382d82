// What reading the server's OpenAPI costs the local comparison: requests and
// time with a cold cache (an empty directory) and a warm one (the same directory
// again), three rounds.
//
//   npx node scripts/measure-openapi.ts KUBECONFIG CONTEXT apiVersion/Kind...
//   e.g. ... reader v1/Namespace apps/v1/Deployment batch/v1/Job example.com/v1/Widget
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClusterClient } from '../src/cluster/client.ts'
import { loadKubeconfig } from '../src/cluster/kubeconfig.ts'
import { OpenApiSchemas } from '../src/cluster/openapi.ts'

const [path, context, ...kinds] = process.argv.slice(2)
if (!path || !context || kinds.length === 0) {
  console.error('usage: measure-openapi.ts KUBECONFIG CONTEXT apiVersion/Kind...')
  process.exit(1)
}
const client = new ClusterClient(loadKubeconfig({ path, context }))
const version = await client.version()
for (let round = 1; round <= 3; round++) {
  const dir = mkdtempSync(join(tmpdir(), 'kube-drift-measure-openapi-'))
  for (const cache of ['cold', 'warm']) {
    const before = client.requestCount
    const schemas = new OpenApiSchemas(
      (requestPath, query) =>
        client.http.request<string>({
          method: 'GET',
          path: requestPath,
          query,
          responseType: 'text'
        }),
      version,
      dir
    )
    const started = performance.now()
    await Promise.all(
      kinds.map(kind => {
        const slash = kind.lastIndexOf('/')
        return schemas.kindSchema(kind.slice(0, slash), kind.slice(slash + 1))
      })
    )
    const ms = Math.round(performance.now() - started)
    const requests = client.requestCount - before
    console.log(JSON.stringify({ round, cache, requests, ms, fromDisk: schemas.stats.fromDisk }))
  }
  rmSync(dir, { recursive: true, force: true })
}
