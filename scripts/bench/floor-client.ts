// The floor: the least any drift detector must do on the benchmark's objects, as
// a separate Node process (its start counts). Discovery, one LIST per kind and
// namespace (bodies parsed), the server-side apply dry-run of the drifted objects
// only, at the given concurrency; nothing else. Prints its request count as JSON.
import { readFileSync } from 'node:fs'
import { Agent, request } from 'undici'

export interface FloorPlan {
  server: string
  ca: string
  cert: string
  key: string
  concurrency: number
  lists: string[]
  dryRuns: { path: string; object: unknown }[]
}

const plan = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as FloorPlan
const dispatcher = new Agent({
  connect: { ca: plan.ca, cert: plan.cert, key: plan.key },
  connections: plan.concurrency
})
let requests = 0

async function call(
  method: 'GET' | 'PATCH',
  path: string,
  init: { accept?: string; body?: string } = {}
) {
  requests++
  const res = await request(`${plan.server}${path}`, {
    method,
    dispatcher,
    headers: {
      accept: init.accept ?? 'application/json',
      ...(init.body === undefined ? {} : { 'content-type': 'application/apply-patch+yaml' })
    },
    body: init.body
  })
  const body: unknown = await res.body.json()
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode}`)
  return body
}

async function pool<T>(items: readonly T[], run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await run(items[next++] as T)
  }
  await Promise.all(Array.from({ length: plan.concurrency }, worker))
}

const aggregated =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json'
await Promise.all([
  call('GET', '/api', { accept: aggregated }),
  call('GET', '/apis', { accept: aggregated })
])
await pool(plan.lists, path => call('GET', path))
await pool(plan.dryRuns, ({ path, object }) =>
  call('PATCH', `${path}?dryRun=All&fieldManager=kube-drift&force=true`, {
    body: JSON.stringify(object)
  })
)
await dispatcher.close()
process.stderr.write(`floor-stats ${JSON.stringify({ requests })}\n`)
