// The stand-in's repository: issues (pull requests are issues too, as on
// GitHub), their comments and the labels, and its git objects, in memory.
import type {
  StandInUser,
  StoredComment,
  StoredIssue,
  StoredLabel,
  StoredPull
} from './entities.ts'
import { GitObjects } from './git-store.ts'

export class RepositoryStore {
  readonly issues: StoredIssue[] = []
  readonly comments: StoredComment[] = []
  readonly labels: StoredLabel[] = []
  /** who closed each issue, for `closed_by`. */
  readonly closedBy = new Map<number, StandInUser>()
  readonly git = new GitObjects()
  defaultBranch = 'main'
  /** the repository setting "Allow GitHub Actions to create and approve pull requests". */
  actionsMayOpenPullRequests = true
  private nextId = 1000
  private tick = 0

  /** A clock that moves one second per change, so creation order shows in the timestamps. */
  now(): string {
    this.tick++
    return new Date(Date.UTC(2026, 10, 20, 3, 0, 0) + this.tick * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
  }

  id(): number {
    return this.nextId++
  }

  addIssue(fields: {
    title: string
    body?: string | null
    user: StandInUser
    labels?: string[]
    isPullRequest?: boolean
    pull?: StoredPull
  }): StoredIssue {
    const time = this.now()
    const issue: StoredIssue = {
      id: this.id(),
      // Issues and pull requests share one sequence of numbers.
      number: this.issues.length + 1,
      title: fields.title,
      body: fields.body ?? null,
      user: fields.user,
      labels: [],
      state: 'open',
      stateReason: null,
      isPullRequest: fields.isPullRequest ?? fields.pull !== undefined,
      ...(fields.pull ? { pull: fields.pull } : {}),
      comments: 0,
      createdAt: time,
      updatedAt: time,
      closedAt: null
    }
    for (const name of fields.labels ?? []) this.attachLabel(issue, name)
    this.issues.push(issue)
    return issue
  }

  /**
   * A commit of `files` on `branch` (default: the default branch), on top of
   * the branch's head; `sha` gives it a known SHA (a workspace's real HEAD).
   */
  seedCommit(
    files: Record<string, string>,
    options: { branch?: string; sha?: string; message?: string } = {}
  ): string {
    const ref = `refs/heads/${options.branch ?? this.defaultBranch}`
    const parent = this.git.refs.get(ref)
    const entries = new Map(
      Object.entries(files).map(([path, content]) => [
        path,
        { mode: '100644', type: 'blob' as const, sha: this.git.addBlob(content) }
      ])
    )
    const commit = this.git.addCommit(
      {
        tree: this.git.addTree(entries),
        parents: parent ? [parent] : [],
        message: options.message ?? 'seed',
        date: this.now()
      },
      options.sha
    )
    this.git.refs.set(ref, commit.sha)
    return commit.sha
  }

  /** The files at the head of a branch, or at a commit. */
  filesAt(refOrSha: string): Record<string, string> {
    return this.git.filesAt(refOrSha)
  }

  /** Open and closed pull requests with branches (those created through pulls/create). */
  pulls(): (StoredIssue & { pull: StoredPull })[] {
    return this.issues.filter((issue): issue is StoredIssue & { pull: StoredPull } =>
      Boolean(issue.pull)
    )
  }

  issue(number: number): StoredIssue | undefined {
    return this.issues.find(issue => issue.number === number)
  }

  addComment(issue: StoredIssue, body: string, user: StandInUser): StoredComment {
    const time = this.now()
    const comment = { id: this.id(), issueNumber: issue.number, body, user, createdAt: time }
    const stored: StoredComment = { ...comment, updatedAt: time }
    this.comments.push(stored)
    issue.comments++
    issue.updatedAt = time
    return stored
  }

  label(name: string): StoredLabel | undefined {
    // Label names are case-insensitive on GitHub.
    return this.labels.find(label => label.name.toLowerCase() === name.toLowerCase())
  }

  addLabel(name: string, color = 'ededed', description: string | null = null): StoredLabel {
    const label = { id: this.id(), name, color, description }
    this.labels.push(label)
    return label
  }

  /** Labelling an issue with an unknown label creates it, as GitHub does for writers. */
  attachLabel(issue: StoredIssue, name: string): void {
    const label = this.label(name) ?? this.addLabel(name)
    if (!issue.labels.includes(label.name)) issue.labels.push(label.name)
  }

  labelsOf(issue: StoredIssue): StoredLabel[] {
    return issue.labels.map(name => this.label(name)).filter(label => label !== undefined)
  }
}
