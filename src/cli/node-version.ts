// The oldest Node.js the CLI bundle runs on, and the message for an older one.
// 22: the bundle imports `glob` from node:fs/promises (Node 22), and the unit
// suite passes on Node 22; Node 20 fails on that import with a SyntaxError.
// package.json's engines says the same (a unit test keeps them in step).

export const MIN_NODE_MAJOR = 22

/** Why this Node.js cannot run kube-drift (`version` is process.versions.node), or undefined. */
export function nodeVersionProblem(version: string): string | undefined {
  const major = Number(version.split('.')[0])
  if (Number.isInteger(major) && major >= MIN_NODE_MAJOR) return undefined
  return `kube-drift needs Node.js ≥ ${MIN_NODE_MAJOR} (this is v${version})`
}
