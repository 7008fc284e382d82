// The corpus of issue 10: six apps written the way upstream projects write
// theirs, each deployed every way users deploy it, checked clean and after 20+
// hand edits through the server dry-run (differ) and the read-only local
// comparison (reader). All apps run at once (each deployment in its own
// namespace); the table goes to stderr and to <corpus dir>/table.md.
import { catalog } from './apps/catalog.ts'
import { ledger } from './apps/ledger.ts'
import { nodewatch } from './apps/nodewatch.ts'
import { sentinel } from './apps/sentinel.ts'
import { shopfront } from './apps/shopfront.ts'
import { tidestore } from './apps/tidestore.ts'
import { corpusSuite } from './corpus-suite.ts'
import { publishCorpus, runCorpusApp, type Row } from './run-corpus.ts'

const APPS = [sentinel, ledger, shopfront, catalog, tidestore, nodewatch]

const rows: Row[] = []
const failures = new Map<string, unknown>()

beforeAll(async () => {
  // One app that cannot be deployed fails its own tests; the others still get their rows.
  const settled = await Promise.allSettled(APPS.map(runCorpusApp))
  settled.forEach((result, index) => {
    if (result.status === 'fulfilled') rows.push(...result.value)
    else failures.set(APPS[index]?.name ?? '', result.reason)
  })
  publishCorpus(rows)
}, 600_000)

for (const app of APPS) {
  corpusSuite(app, () => {
    if (failures.has(app.name)) throw failures.get(app.name)
    return rows
  })
}
