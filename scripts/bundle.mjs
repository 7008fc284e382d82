// Bundles the action (dist/index.js), the CLI (dist/cli.js) and the npm package's
// bin (dist/bin.js, which checks the Node.js version, then loads dist/cli.js) with
// esbuild. `--outdir <dir>` writes elsewhere (tests build a package in a temp dir).
// ESM output needs a real `require` for client-node's CommonJS dependencies.
import { build } from 'esbuild'
import { chmod } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'

// The output folder: dist/ unless given (the benchmark and the package test build elsewhere).
const { values, positionals } = parseArgs({
  options: { outdir: { type: 'string' } },
  allowPositionals: true
})
const outdir = values.outdir ?? positionals[0] ?? 'dist'

const banner = [
  "import { createRequire as __kubeDriftCreateRequire } from 'node:module';",
  'const require = __kubeDriftCreateRequire(import.meta.url);'
].join('\n')

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'warning',
  // Deterministic output: the check-dist step compares bytes.
  metafile: false,
  sourcemap: false
}

await build({
  ...common,
  target: 'node24', // action.yml runs the action on node24
  entryPoints: ['src/index.ts'],
  outfile: path.join(outdir, 'index.js'),
  banner: { js: banner }
})
await build({
  ...common,
  target: 'node22', // src/cli/node-version.ts: the oldest Node the CLI runs on
  entryPoints: ['src/cli.ts'],
  outfile: path.join(outdir, 'cli.js'),
  banner: { js: `#!/usr/bin/env node\n${banner}` }
})
await build({
  ...common,
  // Old enough that any Node.js with ES modules parses it and can print the version check.
  target: 'node14',
  entryPoints: ['src/bin.ts'],
  outfile: path.join(outdir, 'bin.js'),
  banner: { js: '#!/usr/bin/env node' }
})
await chmod(path.join(outdir, 'cli.js'), 0o755)
await chmod(path.join(outdir, 'bin.js'), 0o755)
