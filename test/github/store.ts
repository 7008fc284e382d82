// The stand-in's repository: issues (pull requests are issues too, as on
// GitHub), their comments and the labels, in memory.
import type { StandInUser, StoredComment, StoredIssue, StoredLabel } from './entities.ts'

export class RepositoryStore {
  readonly issues: StoredIssue[] = []
  readonly comments: StoredComment[] = []
  readonly labels: StoredLabel[] = []
  /** who closed each issue, for `closed_by`. */
  readonly closedBy = new Map<number, StandInUser>()
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
      isPullRequest: fields.isPullRequest ?? false,
      comments: 0,
      createdAt: time,
      updatedAt: time,
      closedAt: null
    }
    for (const name of fields.labels ?? []) this.attachLabel(issue, name)
    this.issues.push(issue)
    return issue
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
