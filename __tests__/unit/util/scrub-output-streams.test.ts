// The log's edge: every write to stdout/stderr is scrubbed, except the
// ::add-mask:: command that tells the runner what to mask.
import { describe, expect, it } from '@jest/globals'
import { scrubOutputStreams } from '../../../src/util/scrub-output-streams.ts'
import { SecretScrubber } from '../../../src/util/secret-scrubber.ts'

const TOKEN = 'ghs_streamCanary0123456789abcdef'

/** A stream that records what reaches it. */
function recorder(): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = []
  const stream = {
    write(chunk: unknown, ...rest: unknown[]) {
      written.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk))
      const callback = rest.find(arg => typeof arg === 'function') as (() => void) | undefined
      callback?.()
      return true
    }
  } as unknown as NodeJS.WriteStream
  return { stream, written }
}

describe('scrubOutputStreams', () => {
  const scrubber = new SecretScrubber()
  scrubber.register(TOKEN)

  it('scrubs strings and buffers, keeps the callback, lets ::add-mask:: through', () => {
    const { stream, written } = recorder()
    const stop = scrubOutputStreams(scrubber, [stream])
    let called = false
    stream.write(`::add-mask::${TOKEN}\n`)
    stream.write(`::warning::token ${TOKEN} in a warning\n`)
    stream.write(Buffer.from(`progress ${Buffer.from(TOKEN).toString('base64')}\n`))
    stream.write(`done ${TOKEN}`, () => (called = true))
    // Two commands in one chunk are not a mask command: scrubbed.
    stream.write(`::add-mask::x\n::notice::${TOKEN}\n`)
    stop()
    stream.write(`after ${TOKEN}`)
    expect(written).toEqual([
      `::add-mask::${TOKEN}\n`,
      '::warning::token *** in a warning\n',
      'progress ***\n',
      'done ***',
      '::add-mask::x\n::notice::***\n',
      `after ${TOKEN}`
    ])
    expect(called).toBe(true)
  })
})
