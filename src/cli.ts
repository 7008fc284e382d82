// Command-line entry (dist/cli.js, the `kube-drift` bin): only runs the CLI.
import { USAGE, UsageError, runCli } from './cli/run.ts'

runCli(process.argv.slice(2)).then(
  code => {
    process.exitCode = code
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`kube-drift: error: ${message}\n`)
    if (error instanceof UsageError) process.stderr.write(`\n${USAGE}\n`)
    process.exitCode = 1
  }
)
