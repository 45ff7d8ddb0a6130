import { describe, expect, it } from '@jest/globals'
import { summaryMarkdown } from '../src/summary.js'

describe('summaryMarkdown', () => {
  it('is one table under a heading, each value a code span', () => {
    expect(
      summaryMarkdown([
        ['token type', 'Bearer'],
        ['scope', 'read write'],
        ['expires at', '']
      ])
    ).toBe(
      '### OAuth 2.0 token\n\n| | |\n| --- | --- |\n| token type | ` Bearer ` |\n| scope | ` read write ` |\n| expires at |  |\n'
    )
  })

  // A code span shows its text as written: no HTML, link, formatting or math inside it.
  it('keeps what would add cells, rows, links, HTML or formatting inside one code span', () => {
    const markdown = summaryMarkdown([
      [
        'sub',
        'a|b\n| x | y |\r\n<img src=x onerror=alert(1)> [link](https://e.example) *b* _i_ \\ ! ~~s~~ $x^2$ www.evil.example'
      ]
    ])
    expect(markdown.split('\n')).toHaveLength(6)
    expect(markdown.split('\n')[4]).toBe(
      '| sub | ` a\\|b \\| x \\| y \\| <img src=x onerror=alert(1)> [link](https://e.example) *b* _i_ \\ ! ~~s~~ $x^2$ www.evil.example ` |'
    )
  })

  it('writes a value on one line without the spaces around it, and a blank one as an empty cell', () => {
    const markdown = summaryMarkdown([
      ['sub', ' \r\n user\t1 \u0000'],
      ['scope', ' \n ']
    ])
    expect(markdown.split('\n').slice(4, 6)).toEqual(['| sub | ` user 1 ` |', '| scope |  |'])
  })

  it('fences a value holding backticks with a longer run, so it cannot close the span', () => {
    expect(summaryMarkdown([['sub', 'a`b``c']]).split('\n')[4]).toBe('| sub | ``` a`b``c ``` |')
    expect(summaryMarkdown([['sub', '`']]).split('\n')[4]).toBe('| sub | `` ` `` |')
  })

  // Two uses of the action in one job wrote two sections under the same heading.
  it.each([
    ['a step id', 'get-token', '### OAuth 2.0 token (step ` get-token `)'],
    ['an id of digits and underscores', 'token_2', '### OAuth 2.0 token (step ` token_2 `)'],
    // A step id may start with one underscore: only GitHub's own names start with two.
    ['an id that starts with one underscore', '_token', '### OAuth 2.0 token (step ` _token `)'],
    ["GitHub's name for a script step without an id", '__run_2', '### OAuth 2.0 token'],
    ["GitHub's name for an action step without an id", '__owner_repo', '### OAuth 2.0 token'],
    ['no GITHUB_ACTION', undefined, '### OAuth 2.0 token'],
    ['an empty GITHUB_ACTION', '', '### OAuth 2.0 token'],
    // Not a step id GitHub allows, but set by hand: one code span, on one line.
    [
      'backticks, a pipe and a line break',
      'a`b|c\n# d',
      '### OAuth 2.0 token (step `` a`b\\|c # d ``)'
    ]
  ])('names the step in the heading: %s', (_, step, heading) => {
    const markdown = summaryMarkdown([['token type', 'Bearer']], step)
    expect(markdown.split('\n')[0]).toBe(heading)
    expect(markdown.split('\n')).toHaveLength(6)
  })

  // The runner masks the summary with the secrets it knows (actions/runner's
  // CreateStepSummaryCommand), as exact strings: a backslash added inside one would show it.
  it('writes a value unchanged, so that the runner can still mask a secret in it', () => {
    const secret = 'fn_key.Zx81:q-[x]*~$'
    expect(summaryMarkdown([['endpoint', `https://h.example/t?${secret}`]])).toContain(secret)
  })
})
