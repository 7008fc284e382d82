import { releaseNameProblem } from '../../../src/config/release-name.ts'

describe('releaseNameProblem (Helm’s rule: 53 characters, lowercase DNS-1123 parts)', () => {
  it.each(['web', 'a', 'web-2', 'my.release', '0abc', 'a'.repeat(53)])('accepts %s', name => {
    expect(releaseNameProblem(name)).toBeUndefined()
  })

  it.each([
    ['--post-renderer=./x.sh', 'only lowercase'],
    ['--set-file=k=/etc/hostname', 'only lowercase'],
    ['-web', 'only lowercase'],
    ['web-', 'only lowercase'],
    ['Web', 'only lowercase'],
    ['web_api', 'only lowercase'],
    ['a..b', 'only lowercase'],
    ['.web', 'only lowercase'],
    ['web api', 'only lowercase'],
    ['', 'empty'],
    ['a'.repeat(54), 'at most 53']
  ])('refuses %j', (name, why) => {
    expect(releaseNameProblem(name)).toContain(why)
  })
})
