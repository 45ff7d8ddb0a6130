// scripts/semicolons.mjs, a step of `npm run bundle`: a statement that ends its line loses its
// semicolon where JavaScript puts it back, as the sources are written, and nothing else changes.
// Small scripts of each shape terser prints, run before and after.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { minify } from 'terser'
import { dropSemicolons } from '../scripts/semicolons.mjs'

const run = (code: string): unknown => {
  const context: { result: unknown[] } = { result: [] }
  runInNewContext(code, context)
  return context.result
}

/** The code as terser prints it with no layout: the same for two scripts that differ in layout. */
const printed = async (code: string): Promise<string | undefined> =>
  (await minify(code, { compress: false, mangle: false, format: { comments: false } })).code

describe('dropSemicolons', () => {
  it('drops the semicolon of each statement that ends its line, and the code runs the same', async () => {
    const code = [
      '"use strict";',
      'var a = 1;',
      'const f = function (x) {',
      '  if (!x) return;',
      '  result.push(x);',
      '};',
      'for (let i = 0; i < 2; i++) f(i);',
      'do {',
      '  a++;',
      '} while (a < 3);',
      'class Named extends Error {',
      '  code;',
      '  name = "Named";',
      '}',
      'try {',
      '  throw new Named("x");',
      '} catch (error) {',
      '  result.push(error.name, a);',
      '}',
      'label: for (;;) {',
      '  break label;',
      '}',
      'result.push(typeof a);',
      '!function () { result.push("bang"); }();',
      ''
    ].join('\n')
    const dropped = dropSemicolons(code)
    expect(dropped).toBe(
      [
        '"use strict"',
        'var a = 1',
        'const f = function (x) {',
        '  if (!x) return',
        '  result.push(x)',
        '}',
        'for (let i = 0; i < 2; i++) f(i)',
        'do {',
        '  a++',
        '} while (a < 3)',
        'class Named extends Error {',
        '  code',
        '  name = "Named"',
        '}',
        'try {',
        '  throw new Named("x")',
        '} catch (error) {',
        '  result.push(error.name, a)',
        '}',
        'label: for (;;) {',
        '  break label',
        '}',
        'result.push(typeof a)',
        // Its own semicolon, and then no more.
        '!function () { result.push("bang"); }()',
        ''
      ].join('\n')
    )
    expect(run(dropped)).toEqual(run(code))
    expect(run(code)).toEqual([1, 'Named', 3, 'number', 'bang'])
    expect(await printed(dropped)).toBe(await printed(code))
  })

  it('keeps the semicolon where the next line would carry on the statement', async () => {
    // Without the semicolon, each of these lines would be read with the one before it: a call,
    // an index, a tagged template, a sum, a difference, a division. One that starts with `++`
    // or a block would not, but keeps it as well, as the step allows only the tokens it lists.
    const carried = [
      'var f = x => x;\n(function () { result.push("called"); })();',
      'var list = [1, 2];\n[3, 4].forEach(x => result.push(x));',
      'var tag = x => x;\n`t`.split("").forEach(x => result.push(x));',
      'var n = 1;\n+n;',
      'var m = 2;\n-m;',
      'var r = 3;\n/x/.test("x");',
      'var b = 1;\n++b;\nresult.push(b);',
      'var k = "k";\n{\n  result.push(k);\n}'
    ]
    for (const code of carried) {
      const dropped = dropSemicolons(code)
      expect(dropped.split('\n')[0]).toMatch(/;$/)
      expect(run(dropped)).toEqual(run(code))
      expect(await printed(dropped)).toBe(await printed(code))
    }
  })

  it('keeps a semicolon with more after it on its line, and those of a for head', () => {
    const code = 'if (a) b(); else c();\nfor (;;) break;\nfor (var i = 0; i < 1; i++) ;\n'
    expect(dropSemicolons(code)).toBe(
      'if (a) b(); else c()\nfor (;;) break\nfor (var i = 0; i < 1; i++) ;\n'
    )
  })

  it('keeps the semicolon of a field that would become a modifier of the next member', async () => {
    const code = 'class A {\n  get;\n  value() {\n    return 1;\n  }\n  static;\n  other = 2;\n}\n'
    const dropped = dropSemicolons(code)
    expect(dropped).toBe(
      'class A {\n  get;\n  value() {\n    return 1\n  }\n  static;\n  other = 2\n}\n'
    )
    expect(await printed(dropped)).toBe(await printed(code))
  })

  it('fails the build when the script does not parse', () => {
    expect(() => dropSemicolons('var a = (;\n')).toThrow()
  })

  it('leaves in dist/ no statement that ends its line with a semicolon it could do without', () => {
    const dist = join(import.meta.dirname, '../dist')
    for (const name of readdirSync(dist).filter(file =>
      /^\d+\.index\.cjs\.js$|^index\.js$/.test(file)
    )) {
      const code = readFileSync(join(dist, name), 'utf8')
      expect({ name, code: dropSemicolons(code) === code }).toEqual({ name, code: true })
    }
  })
})
