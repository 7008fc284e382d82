// Safe pieces of GitHub-flavoured Markdown. Everything in a report comes from
// manifests and the cluster, so any text may hold `|`, backticks, `<`, `@` or
// newlines; these helpers make sure such text stays text.

/**
 * Plain text on one line: Markdown punctuation escaped (`|` too, so it is safe
 * in a table); `@name` and `#123` get a zero-width space, as Renovate's pull
 * requests do, so a report never pings a user or links an unrelated issue.
 */
export function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~&]/g, character => `\\${character}`)
    .replace(/#(?=\d)/g, '#&#8203;')
    .replace(/@(?=\w)/g, '@&#8203;')
    .replace(/\s*\r?\n\s*/g, ' ')
}

/** A table cell: a raw newline would end the row. */
export function escapeCell(markdown: string): string {
  return markdown.replace(/\r?\n/g, '<br>')
}

/**
 * Inline code; the delimiter is one backtick longer than any run inside. In a
 * table GitHub splits cells before it reads code spans, so there `|` must be
 * written `\|`; a backslash right before a pipe would turn that into an
 * escaped backslash and a cell break, so a zero-width space keeps them apart.
 */
export function codeSpan(text: string, context: { inTable: boolean } = { inTable: true }): string {
  let single = text.replace(/\r?\n/g, ' ')
  if (context.inTable) single = single.replace(/\\(?=\|)/g, '\\\u200B').replace(/\|/g, '\\|')
  const longestRun = Math.max(0, ...(single.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longestRun + 1)
  const padded = single.startsWith('`') || single.endsWith('`') ? ` ${single} ` : single
  return `${fence}${padded}${fence}`
}

/** Text inside raw HTML (`<summary>`), where Markdown is not read. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/@(?=\w)/g, '@&#8203;')
}

/** A fenced code block whose fence is longer than any backtick run in the content. */
export function fencedBlock(content: string, language: string): string {
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(Math.max(3, longestRun + 1))
  const body = content.endsWith('\n') ? content : `${content}\n`
  return `${fence}${language}\n${body}${fence}`
}

/** `[label](url)`, with the characters that would end the link destination encoded. */
export function link(label: string, url: string): string {
  const destination = url.replace(/[\s()<>]/g, character => encodeURIComponent(character))
  return `[${label}](${destination})`
}
