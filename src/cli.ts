// Command-line entry (dist/cli.js, the `kube-drift` bin): registers the run's
// secrets (tokens in the environment, the kubeconfig files it may read) and
// scrubs stdout and stderr of them, then runs the CLI.
import { USAGE, UsageError, runCli } from './cli/run.ts'
import { registerKnownSecrets } from './config/known-secrets.ts'
import { scrubOutputStreams } from './util/scrub-output-streams.ts'
import { secrets } from './util/secret-scrubber.ts'

const argv = process.argv.slice(2)
registerKnownSecrets(secrets, {
  env: process.env,
  kubeconfigPaths: kubeconfigArguments(argv),
  defaultKubeconfig: true
})
scrubOutputStreams(secrets)

runCli(argv).then(
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

/** `--kubeconfig <file>` and `--kubeconfig=<file>`, before the options are parsed. */
function kubeconfigArguments(args: string[]): string[] {
  return args.flatMap((arg, i) => {
    if (arg.startsWith('--kubeconfig=')) return [arg.slice('--kubeconfig='.length)]
    const next = args[i + 1]
    return arg === '--kubeconfig' && next !== undefined ? [next] : []
  })
}
