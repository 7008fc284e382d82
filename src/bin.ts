// The `kube-drift` bin of the npm package (dist/bin.js): checks the Node.js version
// before it loads the CLI bundle (dist/cli.js), because an older Node fails on the
// bundle's imports with a SyntaxError that does not say why. scripts/bundle.mjs
// builds this file for old Node versions, so that it parses where the check matters.
import { nodeVersionProblem } from './cli/node-version.ts'

const problem = nodeVersionProblem(process.versions.node)
if (problem) {
  process.stderr.write(`${problem}\n`)
  process.exitCode = 1
} else {
  // Not a string literal: the bundler leaves the import alone, so the bundle stays a file of its own.
  const cli = new URL('./cli.js', import.meta.url).href
  import(cli).catch((error: unknown) => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
    process.stderr.write(`kube-drift: error: ${detail}\n`)
    process.exitCode = 1
  })
}
