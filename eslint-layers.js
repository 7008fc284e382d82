// The layers of src/, as ESLint no-restricted-imports settings: which src/ folder may
// import which, and where the SDKs may be used. Data flows one way (inputs → targets →
// render → cluster → compare → report → publish); these rules keep it so. One config
// object per folder, since ESLint does not merge a rule's options across objects.
// `node scripts/module-map.mjs` shows the arrows these rules allow.

const FOLDERS = [
  'adopt',
  'cli',
  'cluster',
  'config',
  'drift',
  'engine',
  'github',
  'reconcile',
  'render',
  'report',
  'util'
]

/** The src/ folders each folder may not import (type files `*\/types.ts` stay allowed). */
const FORBIDDEN = {
  // pure: no network, no fs, no other layer
  drift: FOLDERS.filter(f => !['drift', 'report', 'util'].includes(f)),
  report: FOLDERS.filter(f => !['drift', 'report', 'util'].includes(f)),
  util: FOLDERS.filter(f => f !== 'util'),
  cluster: ['adopt', 'cli', 'config', 'engine', 'github', 'reconcile', 'render', 'report'],
  config: ['adopt', 'cli', 'engine', 'github', 'reconcile', 'render', 'report'],
  render: ['adopt', 'cli', 'cluster', 'engine', 'github', 'reconcile', 'report'],
  engine: ['adopt', 'cli', 'github'],
  reconcile: ['adopt', 'cli', 'github'],
  // accepts drift into Git: detects through engine/, edits files; never the cluster's writes or GitHub
  adopt: ['cli', 'cluster', 'github', 'reconcile', 'render'],
  github: ['cli'],
  cli: ['github']
}

/** Modules that do I/O, kept out of the pure folders. */
const IO_MODULES = ['fs', 'fs/promises', 'child_process', 'http', 'https', 'http2', 'net', 'tls']
const PURE = ['drift', 'report']

const KUBERNETES = {
  name: '@kubernetes/client-node',
  message: 'The Kubernetes client is used only in src/cluster/.'
}
const ACTIONS = {
  group: ['@actions/*'],
  message:
    'The GitHub Actions toolkit is used only in src/github/ and the entries (main.ts, index.ts).'
}

function folderOptions(folder) {
  const paths = folder === 'cluster' ? [] : [KUBERNETES]
  if (PURE.includes(folder)) {
    for (const name of IO_MODULES) {
      const message = `src/${folder}/ is pure: no file system, processes or network (${name}).`
      paths.push({ name, message }, { name: `node:${name}`, message })
    }
  }
  const patterns = []
  if (folder !== 'github') patterns.push(ACTIONS)
  const forbidden = FORBIDDEN[folder]
  if (forbidden.length > 0) {
    patterns.push({
      regex: `^\\.\\./(?:${forbidden.join('|')})/(?!types\\.ts$)`,
      message: `src/${folder}/ may not import src/{${forbidden.join(',')}}/ (only their types.ts): see eslint-layers.js.`
    })
  }
  return { paths, patterns }
}

export const layerConfigs = [
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [KUBERNETES], patterns: [ACTIONS] }] }
  },
  {
    files: ['src/main.ts', 'src/index.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [KUBERNETES] }] }
  },
  ...FOLDERS.map(folder => ({
    files: [`src/${folder}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', folderOptions(folder)] }
  }))
]
