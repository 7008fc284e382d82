// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with esbuild.
// ESM output needs a real `require` for client-node's CommonJS dependencies.
import { build } from 'esbuild'
import { chmod } from 'node:fs/promises'
import { join } from 'node:path'

// The output folder: dist/ unless given (the benchmark builds outside the repository).
const outdir = process.argv[2] ?? 'dist'

const banner = [
  "import { createRequire as __kubeDriftCreateRequire } from 'node:module';",
  'const require = __kubeDriftCreateRequire(import.meta.url);'
].join('\n')

const common = {
  bundle: true,
  platform: 'node',
  target: 'node24',
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
  entryPoints: ['src/index.ts'],
  outfile: join(outdir, 'index.js'),
  banner: { js: banner }
})
await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: join(outdir, 'cli.js'),
  banner: { js: `#!/usr/bin/env node\n${banner}` }
})
await chmod(join(outdir, 'cli.js'), 0o755)
