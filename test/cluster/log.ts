/** The launcher's default progress output: one prefixed line on stderr. */
export function logToStderr(message: string): void {
  process.stderr.write(`[kube-drift-cluster] ${message}\n`)
}
