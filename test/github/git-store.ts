// The stand-in's git objects: blobs, trees, commits and branches, in memory,
// for the git data API (blobs, trees, commits, refs). Blob SHAs are git's own
// (sha1 of `blob <size>\0<content>`); a tree is kept flat (path → entry), as
// the git data API accepts nested paths in one tree, so a test reads the files
// of a branch back with `filesAt`.
import { createHash } from 'node:crypto'

export interface TreeEntry {
  mode: string
  type: 'blob' | 'tree' | 'commit'
  sha: string
}

export interface StoredCommit {
  sha: string
  tree: string
  parents: string[]
  message: string
  date: string
}

export class GitObjects {
  readonly blobs = new Map<string, string>()
  readonly trees = new Map<string, Map<string, TreeEntry>>()
  readonly commits = new Map<string, StoredCommit>()
  /** full ref names (`refs/heads/main`) → commit SHA. */
  readonly refs = new Map<string, string>()
  private counter = 0

  addBlob(content: string): string {
    const bytes = Buffer.from(content, 'utf8')
    const sha = sha1(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
    this.blobs.set(sha, content)
    return sha
  }

  addTree(entries: Map<string, TreeEntry>): string {
    const text = [...entries.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, entry]) => `${entry.mode} ${entry.type} ${entry.sha}\t${path}`)
      .join('\n')
    const sha = sha1(Buffer.from(`tree\n${text}`))
    this.trees.set(sha, new Map(entries))
    return sha
  }

  addCommit(fields: Omit<StoredCommit, 'sha'>, sha?: string): StoredCommit {
    // Two commits of the same tree and parents are still two commits (their times differ on GitHub).
    const id =
      sha ??
      sha1(
        Buffer.from(
          `commit\n${fields.tree}\n${fields.parents.join(' ')}\n${fields.date}\n${++this.counter}\n${fields.message}`
        )
      )
    const commit = { ...fields, sha: id }
    this.commits.set(id, commit)
    return commit
  }

  /** Is `ancestor` reachable from `sha` through parents (or the same commit)? */
  isAncestor(ancestor: string, sha: string): boolean {
    const seen = new Set<string>()
    const queue = [sha]
    while (queue.length > 0) {
      const current = queue.shift() as string
      if (current === ancestor) return true
      if (seen.has(current)) continue
      seen.add(current)
      queue.push(...(this.commits.get(current)?.parents ?? []))
    }
    return false
  }

  /** The files of a commit, or of the head of a branch (`main`, `refs/heads/main`). */
  filesAt(refOrSha: string): Record<string, string> {
    const sha = this.refs.get(refOrSha) ?? this.refs.get(`refs/heads/${refOrSha}`) ?? refOrSha
    const commit = this.commits.get(sha)
    if (!commit) throw new Error(`stand-in: no commit or branch ${refOrSha}`)
    const files: Record<string, string> = {}
    for (const [path, entry] of this.trees.get(commit.tree) ?? []) {
      if (entry.type === 'blob') files[path] = this.blobs.get(entry.sha) ?? ''
    }
    return files
  }
}

function sha1(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex')
}
