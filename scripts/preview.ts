// npm run preview: the PR comment and the drift issue, made by the real code
// from a realistic report, rendered as GitHub renders them (GFM, GitHub's
// sanitizer and Markdown CSS) in headless Chromium at 900 px. Writes, for a
// person to look at, preview/<body>.html and two screenshots per body: as
// GitHub first shows it (<details> closed) and with every <details> open.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { githubBodies } from '../test/browser/bodies.ts'
import {
  CHROMIUM,
  chromiumAvailable,
  openBrowser,
  PAGE_WIDTH,
  renderMarkdown
} from '../test/browser/github-page.ts'

const out = resolve(process.argv[2] ?? 'preview')
if (!chromiumAvailable()) {
  console.error(`npm run preview needs Chromium at ${CHROMIUM}: apt-get install chromium`)
  process.exit(1)
}
mkdirSync(out, { recursive: true })
const browser = await openBrowser()
try {
  for (const body of githubBodies()) {
    writeFileSync(join(out, `${body.name}.md`), body.markdown)
    for (const open of [false, true]) {
      const { page, rendered } = await renderMarkdown(browser, body.title, body.markdown, { open })
      const name = open ? `${body.name}-expanded` : body.name
      if (!open) writeFileSync(join(out, `${body.name}.html`), rendered.html)
      await page.screenshot({ path: join(out, `${name}.png`), fullPage: true })
      await page.close()
      const problems = rendered.overflows.map(
        o => `table ${o.table} (${o.header}) is ${o.scrollWidth} px wide in ${o.clientWidth} px`
      )
      if (rendered.pageScrollWidth > rendered.pageClientWidth) {
        problems.push(`the page scrolls sideways: ${rendered.pageScrollWidth} px in ${PAGE_WIDTH}`)
      }
      console.log(`${name}.png: ${problems.length === 0 ? 'fits' : problems.join('; ')}`)
    }
  }
} finally {
  await browser.close()
}
console.log(`wrote ${out}`)
