// Checks Markdown the way GitHub will read it, with a GitHub-flavoured
// Markdown parser (marked): every code fence closed, every table well formed
// (and every table-looking line part of a table), <details> balanced.
import { marked, type Token, type Tokens } from 'marked'

export interface GfmProblems {
  problems: string[]
  tables: number
  fences: number
}

export function checkGfm(markdown: string): GfmProblems {
  const problems: string[] = []
  const tokens = marked.lexer(markdown, { gfm: true })
  let tables = 0
  let fences = 0
  let tableRows = 0
  const visit = (token: Token): void => {
    if (token.type === 'code') {
      const code = token as Tokens.Code
      const open = /^ {0,3}(`{3,}|~{3,})/.exec(code.raw)?.[1]
      if (open) {
        fences++
        const lastLine = code.raw.trimEnd().split('\n').at(-1)?.trim() ?? ''
        const closed =
          lastLine.startsWith(open[0]!.repeat(open.length)) &&
          code.raw.trimEnd().split('\n').length > 1
        if (!closed) problems.push(`an unclosed code fence: ${code.raw.slice(0, 60)}…`)
      }
    }
    if (token.type === 'table') {
      tables++
      const table = token as Tokens.Table
      tableRows += table.rows.length + 2
      if (table.header.length !== table.align.length)
        problems.push('a table header and delimiter differ')
      // marked pads or drops cells to the header's count: count them in the source instead.
      table.raw
        .trimEnd()
        .split('\n')
        .forEach((line, index) => {
          const cells = line
            .trim()
            .replace(/^\|/, '')
            .replace(/(?<!\\)\|$/, '')
            .split(/(?<!\\)\|/)
          if (cells.length !== table.header.length) {
            problems.push(
              `table line ${index + 1} has ${cells.length} cells, the header ${table.header.length}`
            )
          }
        })
    }
    const children = (token as { tokens?: Token[] }).tokens
    children?.forEach(visit)
  }
  tokens.forEach(visit)
  // A line that looks like a table row outside any table means a broken table.
  const pipeLines = linesOutsideFences(markdown).filter(line => line.startsWith('| ')).length
  if (pipeLines !== tableRows) {
    problems.push(`${pipeLines} table-looking lines, but only ${tableRows} read as table rows`)
  }
  const opened = markdown.split('<details>').length - 1
  const closedDetails = markdown.split('</details>').length - 1
  if (opened !== closedDetails) problems.push(`${opened} <details> but ${closedDetails} </details>`)
  return { problems, tables, fences }
}

function linesOutsideFences(markdown: string): string[] {
  const lines: string[] = []
  let fence: string | undefined
  for (const line of markdown.split('\n')) {
    const found = /^(`{3,})(.*)$/.exec(line)
    if (found && fence === undefined) fence = found[1]
    else if (
      found &&
      fence !== undefined &&
      found[1]!.length >= fence.length &&
      found[2]!.trim() === ''
    )
      fence = undefined
    else if (fence === undefined) lines.push(line)
  }
  return lines
}
