// Prints the module map of src/: files and lines per folder, the import arrows
// between folders (how many imports go each way), and the import cycles between
// files and between folders. Used for the architecture notes: run it before and
// after a restructuring and compare. Type-only imports count (they are still a
// dependency a reader follows); `import()` in type positions too.
//
//   node scripts/module-map.mjs [src-dir]
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const root = resolve(process.argv.slice(2).find(arg => !arg.startsWith('--')) ?? 'src')

function walk(dir) {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return walk(path)
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : []
  })
}

const files = walk(root).sort()
const folderOf = file => {
  const rel = relative(root, file)
  // A file at the root (the entries, the shared types) is a node of its own.
  return rel.includes('/') ? rel.split('/')[0] : rel
}

const importPattern = /(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g
const edges = new Map()
const lines = new Map()
for (const file of files) {
  const text = readFileSync(file, 'utf8')
  lines.set(file, text.split('\n').length)
  const targets = new Set()
  for (const match of text.matchAll(importPattern)) {
    const target = resolve(dirname(file), match[1]).replace(/\.js$/, '.ts')
    if (files.includes(target)) targets.add(target)
  }
  edges.set(file, [...targets])
}

// Tarjan's strongly connected components; a component of more than one node is a cycle.
function cycles(nodes, next) {
  let index = 0
  const order = new Map()
  const low = new Map()
  const stack = []
  const onStack = new Set()
  const found = []
  function visit(node) {
    order.set(node, index)
    low.set(node, index++)
    stack.push(node)
    onStack.add(node)
    for (const to of next(node)) {
      if (!order.has(to)) {
        visit(to)
        low.set(node, Math.min(low.get(node), low.get(to)))
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node), order.get(to)))
      }
    }
    if (low.get(node) === order.get(node)) {
      const component = []
      let member
      do {
        member = stack.pop()
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      if (component.length > 1) found.push(component.sort())
    }
  }
  for (const node of nodes) if (!order.has(node)) visit(node)
  return found
}

const folders = [...new Set(files.map(folderOf))].sort()
const arrows = new Map()
for (const [from, tos] of edges) {
  for (const to of tos) {
    const a = folderOf(from)
    const b = folderOf(to)
    if (a === b) continue
    const key = `${a} → ${b}`
    arrows.set(key, (arrows.get(key) ?? 0) + 1)
  }
}

const out = []
out.push('| folder | files | lines |', '| --- | ---: | ---: |')
let totalFiles = 0
let totalLines = 0
for (const folder of folders) {
  const members = files.filter(f => folderOf(f) === folder)
  const count = members.reduce((sum, f) => sum + lines.get(f), 0)
  totalFiles += members.length
  totalLines += count
  out.push(`| ${folder} | ${members.length} | ${count} |`)
}
out.push(`| total | ${totalFiles} | ${totalLines} |`, '')
out.push(
  `Import arrows between folders (${arrows.size}; imports per arrow):`,
  '',
  ...[...arrows.entries()].sort().map(([key, n]) => `- ${key} (${n})`),
  ''
)
const fileCycles = cycles(files, f => edges.get(f))
out.push(`File cycles: ${fileCycles.length}`)
for (const c of fileCycles) out.push(`- ${c.map(f => relative(root, f)).join(' ↔ ')}`)
const folderEdges = folder =>
  [...arrows.keys()].filter(k => k.startsWith(`${folder} → `)).map(k => k.split(' → ')[1])
const folderCycles = cycles(folders, folderEdges)
out.push('', `Folder cycles: ${folderCycles.length}`)
for (const c of folderCycles) out.push(`- ${c.join(' ↔ ')}`)
const longest = files
  .map(f => [relative(root, f), lines.get(f)])
  .sort((a, b) => b[1] - a[1])
  .slice(0, 10)
out.push('', 'Longest files:', ...longest.map(([f, n]) => `- ${f} ${n}`))
console.log(out.join('\n'))

// `--check` (run by `npm run lint`): an import cycle between files or folders fails.
if (process.argv.includes('--check') && fileCycles.length + folderCycles.length > 0) {
  console.error('module-map: import cycles found (see above)')
  process.exit(1)
}
