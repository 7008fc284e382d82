// The PR comment and the drift issue as GitHub renders them (GFM, GitHub's
// sanitizer and Markdown CSS) in headless Chromium at a comment's width: no
// table may be wider than the comment, nor the page scroll sideways. With
// CI=true a missing Chromium fails; elsewhere the test says it skipped.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { githubBodies } from '../../test/browser/bodies.ts'
import {
  CHROMIUM,
  chromiumAvailable,
  openBrowser,
  renderMarkdown,
  type Browser
} from '../../test/browser/github-page.ts'

const available = chromiumAvailable()
const inCi = process.env.CI === 'true'
if (!available && !inCi) {
  console.warn(
    `SKIPPED: the browser tests need Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`
  )
}

// Outside CI without Chromium the suite is skipped (and says so above); in CI it fails.
const suite = available || inCi ? describe : describe.skip

suite('bodies rendered as GitHub does, in headless Chromium', () => {
  let browser: Browser

  beforeAll(async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing: CI must install it (.ci/run does)`)
    browser = await openBrowser()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
  })

  it('keeps what GitHub keeps: no script, no style, no unknown attribute; titles stay', async () => {
    const { page, rendered } = await renderMarkdown(
      browser,
      'sanitizer',
      '<script>window.bad = 1</script><style>p { color: red }</style>' +
        '<span style="color:red" onclick="x()" class="c" title="2 Dec 2026, 12:35 UTC">2h ago</span>\n\n' +
        '[a](javascript:alert(1)) <details><summary>more</summary>\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n</details>'
    )
    await page.close()
    const article = rendered.html.slice(rendered.html.indexOf('<article'))
    expect(article).not.toMatch(/<script|<style|onclick|class="c"|style="|javascript:/)
    expect(article).toContain('<span title="2 Dec 2026, 12:35 UTC">2h ago</span>')
    expect(rendered.tables).toBe(1)
  })

  for (const body of githubBodies()) {
    for (const open of [false, true]) {
      it(`${body.name}${open ? ', every <details> open,' : ''} fits 900 px: no table overflows, no sideways scroll`, async () => {
        const { page, rendered } = await renderMarkdown(browser, body.title, body.markdown, {
          open
        })
        await page.close()
        expect(rendered.overflows).toEqual([])
        expect(rendered.pageScrollWidth).toBeLessThanOrEqual(rendered.pageClientWidth)
      })
    }
  }
})
