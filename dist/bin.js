#!/usr/bin/env node

// src/cli/node-version.ts
var MIN_NODE_MAJOR = 22;
function nodeVersionProblem(version) {
  const major = Number(version.split(".")[0]);
  if (Number.isInteger(major) && major >= MIN_NODE_MAJOR) return void 0;
  return `kube-drift needs Node.js ≥ ${MIN_NODE_MAJOR} (this is v${version})`;
}

// src/bin.ts
var problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}
`);
  process.exitCode = 1;
} else {
  const cli = new URL("./cli.js", import.meta.url).href;
  import(cli).catch((error) => {
    const detail = error instanceof Error ? error.stack ?? error.message : String(error);
    process.stderr.write(`kube-drift: error: ${detail}
`);
    process.exitCode = 1;
  });
}
