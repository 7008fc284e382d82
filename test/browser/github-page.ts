// Markdown as GitHub shows it in a comment or an issue: a GFM renderer
// (marked, with a comment's hard line breaks), GitHub's sanitizer (only its
// allowed elements and attributes survive; script and style go with their
// contents), and GitHub's Markdown CSS, in headless Chromium at a comment's
// width. Measures whether any table is wider than the room it has.
/// <reference lib="dom" />
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { marked } from 'marked'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
/** About the width of a comment in a pull request's conversation. */
export const PAGE_WIDTH = 900

/** What GitHub keeps (html-pipeline's sanitization filter, the allowlist GitHub documents). */
const ALLOWED_ELEMENTS =
  `h1 h2 h3 h4 h5 h6 h7 h8 br b i strong em a pre code img tt div ins del sup sub p
  picture ol ul table thead tbody tfoot blockquote dl dt dd kbd q samp var hr ruby rt rp li tr td th s
  strike summary details caption figure figcaption abbr bdo cite dfn mark small source span time wbr`
    .split(/\s+/)
    .filter(Boolean)
const ALLOWED_ATTRIBUTES = `abbr accept accept-charset accesskey action align alt aria-describedby
  aria-hidden aria-label aria-labelledby axis border cellpadding cellspacing char charoff charset checked
  clear cols colspan color compact coords datetime dir disabled enctype for frame headers height hreflang
  hspace ismap label lang maxlength media method multiple name nohref noshade nowrap open progress prompt
  readonly rel rev role rows rowspan rules scope selected shape size span start summary tabindex target
  title type usemap valign value vspace width itemprop`
  .split(/\s+/)
  .filter(Boolean)
const ELEMENT_ATTRIBUTES: Record<string, string[]> = {
  a: ['href'],
  img: ['src', 'longdesc'],
  div: ['itemscope', 'itemtype'],
  blockquote: ['cite'],
  del: ['cite'],
  ins: ['cite'],
  q: ['cite']
}
/** Removed with everything inside them. */
const REMOVED_WITH_CONTENT = ['script', 'style']

export interface TableOverflow {
  /** 1-based, in document order. */
  table: number
  header: string
  /** the table's own scroll width and visible width (GitHub's CSS makes a table scroll itself). */
  scrollWidth: number
  clientWidth: number
  /** the element around it. */
  containerScrollWidth: number
  containerClientWidth: number
}

export interface RenderedPage {
  /** the page as shown: sanitized HTML with the CSS, to open in a browser. */
  html: string
  tables: number
  overflows: TableOverflow[]
  /** the page itself scrolls sideways. */
  pageScrollWidth: number
  pageClientWidth: number
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM)
}

function githubCss(): string {
  const require = createRequire(import.meta.url)
  return readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8')
}

/** GFM to HTML as GitHub's comment renderer does: tables, strikethrough, autolinks, hard breaks. */
export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { gfm: true, breaks: true, async: false })
}

function shell(title: string): string {
  // The comment box: a 1 px border and 16 px padding around the Markdown, as on github.com.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title.replace(/</g, '&lt;')}</title>
<style>${githubCss()}</style>
<style>
  html, body { margin: 0; background: #fff; }
  .comment { box-sizing: border-box; width: 100%; border: 1px solid #d0d7de; border-radius: 6px; }
  .comment-header { padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d0d7de;
    font: 14px -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
  .markdown-body { box-sizing: border-box; padding: 16px; }
</style></head>
<body><div class="comment"><div class="comment-header">${title.replace(/</g, '&lt;')}</div>
<article class="markdown-body" id="body"></article></div></body></html>`
}

export interface Browser {
  context: BrowserContext
  close: () => Promise<void>
}

export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'kube-drift-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: PAGE_WIDTH, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
  return {
    context,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    }
  }
}

/** Renders `markdown` in a new page; `open` expands every <details> (GitHub shows them closed). */
export async function renderMarkdown(
  browser: Browser,
  title: string,
  markdown: string,
  options: { open?: boolean } = {}
): Promise<{ page: Page; rendered: RenderedPage }> {
  const page = await browser.context.newPage()
  // Nothing leaves the page: links and images point at github.com.
  await page.route('**/*', route =>
    route.request().url().startsWith('data:') ? route.continue() : route.abort()
  )
  await page.setContent(shell(title))
  const measured = await page.evaluate(
    ({ html, elements, attributes, perElement, removed, open }) => {
      const allowedElements = new Set(elements)
      const allowedAttributes = new Set(attributes)
      const template = document.createElement('template')
      template.innerHTML = html
      const clean = (node: Element): void => {
        for (const child of Array.from(node.children)) {
          const name = child.tagName.toLowerCase()
          if (removed.includes(name)) {
            child.remove()
            continue
          }
          clean(child)
          if (!allowedElements.has(name)) {
            child.replaceWith(...Array.from(child.childNodes))
            continue
          }
          for (const attribute of Array.from(child.attributes)) {
            const own = perElement[name] ?? []
            const keep = allowedAttributes.has(attribute.name) || own.includes(attribute.name)
            const safeUrl =
              !['href', 'src', 'longdesc', 'cite'].includes(attribute.name) ||
              /^(https?:|mailto:|#|\/|[^:]*$)/i.test(attribute.value)
            if (!keep || !safeUrl) child.removeAttribute(attribute.name)
          }
        }
      }
      clean(template.content as unknown as Element)
      const body = document.getElementById('body')!
      body.replaceChildren(template.content)
      if (open)
        for (const details of Array.from(document.querySelectorAll('details'))) details.open = true
      const tables = Array.from(body.querySelectorAll('table'))
      const overflows = tables
        .map((table, index) => {
          const container = table.parentElement!
          return {
            table: index + 1,
            header: Array.from(table.querySelectorAll('thead th'))
              .map(th => th.textContent)
              .join(' | '),
            scrollWidth: table.scrollWidth,
            clientWidth: table.clientWidth,
            containerScrollWidth: container.scrollWidth,
            containerClientWidth: container.clientWidth,
            // Inside a closed <details> a table has no width at all: not measured.
            shown: table.getClientRects().length > 0
          }
        })
        .filter(
          t =>
            t.shown &&
            (t.scrollWidth > t.clientWidth || t.containerScrollWidth > t.containerClientWidth)
        )
        .map(({ shown: _shown, ...rest }) => rest)
      return {
        html: `<!doctype html>\n${document.documentElement.outerHTML}`,
        tables: tables.length,
        overflows,
        pageScrollWidth: document.documentElement.scrollWidth,
        pageClientWidth: document.documentElement.clientWidth
      }
    },
    {
      html: markdownToHtml(markdown),
      elements: ALLOWED_ELEMENTS,
      attributes: ALLOWED_ATTRIBUTES,
      perElement: ELEMENT_ATTRIBUTES,
      removed: REMOVED_WITH_CONTENT,
      open: options.open ?? false
    }
  )
  return { page, rendered: measured }
}
