import { describe, expect, it } from '@jest/globals'
import { summaryMarkdown } from '../src/summary.js'

describe('summaryMarkdown', () => {
  it('is one table under a heading', () => {
    expect(
      summaryMarkdown([
        ['token type', 'Bearer'],
        ['scope', 'read write']
      ])
    ).toBe(
      '### OAuth 2.0 token\n\n| | |\n| --- | --- |\n| token type | Bearer |\n| scope | read write |\n'
    )
  })

  it('escapes what would add cells, rows, links, HTML or formatting', () => {
    const markdown = summaryMarkdown([
      [
        'sub',
        'a|b\n| x | y |\r\n<img src=x onerror=alert(1)> [link](https://e.example) `code` *b* _i_ \\ !'
      ]
    ])
    expect(markdown.split('\n')).toHaveLength(6)
    expect(markdown.split('\n')[4]).toBe(
      '| sub | a\\|b \\| x \\| y \\| &lt;img src=x onerror=alert(1)&gt; \\[link\\](https\\://e\\.example) \\`code\\` \\*b\\* \\_i\\_ \\\\ \\! |'
    )
  })

  // GitHub's Markdown links a bare URL or www. name, strikes ~~text~~ and renders $math$.
  it('escapes what would make a bare link, strike text out or render math', () => {
    const markdown = summaryMarkdown([
      ['scope', 'https://evil.example/login www.evil.example ~~read~~ $x^2$']
    ])
    expect(markdown.split('\n')[4]).toBe(
      '| scope | https\\://evil\\.example/login www\\.evil\\.example \\~\\~read\\~\\~ \\$x^2\\$ |'
    )
  })
})
