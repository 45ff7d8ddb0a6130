// scripts/plain-calls.mjs, a step of `npm run bundle`: webpack's `(0, name.f)(x)` calls of an
// import become `name.f(x)`, and nothing else changes. Small scripts of each shape, run before and
// after.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { plainImportCalls } from '../scripts/plain-calls.mjs'

/** A script as terser prints webpack's: `__require` and two modules' exports. */
const script = (body: string): string => `var modules = {
  1: { twice: x => 2 * x, tag: (strings, x) => strings[0] + x, self() { return this === modules[1]; } }
};
function __require(id) {
  return modules[id];
}
var math$1 = __require(1);
${body}
`

const run = (code: string): unknown => {
  const context: { result?: unknown } = {}
  runInNewContext(code, context)
  return context.result
}

describe('plainImportCalls', () => {
  it("writes each call of an import's function as a method call, with the same result", () => {
    const code = script(
      'result = [(0, math$1.twice)(21), (0, math$1.twice)((0, math$1.twice)(1))];'
    )
    const plain = plainImportCalls(code)
    expect(plain).toContain('result = [math$1.twice(21), math$1.twice(math$1.twice(1))];')
    expect(plain).not.toContain('(0, ')
    expect(run(plain)).toEqual([42, 4])
    expect(run(code)).toEqual([42, 4])
  })

  it('writes a tagged template of an import the same way', () => {
    const code = script('result = (0, math$1.tag)`x${1}`;')
    const plain = plainImportCalls(code)
    expect(plain).toContain('result = math$1.tag`x${1}`;')
    expect(run(plain)).toBe('x1')
  })

  it('leaves what is not a call of an import as it is', () => {
    const other = [
      // a name that is not an import, a computed property, another first value, a string
      'var local = { twice: x => 2 * x };',
      'result = [(0, local.twice)(1), (0, math$1["twice"])(2), (1, math$1.twice)(3),',
      '  "(0, math$1.twice)(4)", (0, math$1.twice), text.slice(0, 1)];'
    ].join('\n')
    const code = script(`var text = "ab";\n${other}`)
    expect(plainImportCalls(code)).toBe(code)
  })

  it("changes what `this` is only for the callee, which the sources' functions never read", () => {
    const code = script('result = [(0, math$1.self)(), math$1.self()];')
    // Why the step holds only for functions that do not read `this` (scripts/plain-calls.mjs).
    expect(run(code)).toEqual([false, true])
    expect(run(plainImportCalls(code))).toEqual([true, true])
  })

  it('fails the build on a new of an import written as a call would be', () => {
    expect(() => plainImportCalls(script('result = new (0, math$1.twice)(1);'))).toThrow(
      'an import call is left as webpack wrote it: new (0, math$1.twice)(1)'
    )
  })

  it('fails the build when the result would not parse', () => {
    expect(() => plainImportCalls('var a = (')).toThrow()
  })

  it('leaves no call of an import in dist/ as webpack wrote it', () => {
    const dist = join(import.meta.dirname, '../dist')
    for (const name of readdirSync(dist).filter(file => file.endsWith('.js'))) {
      const code = readFileSync(join(dist, name), 'utf8')
      expect({ name, left: code.match(/\(0, [\w$]+\.[\w$]+\)\(/g) }).toEqual({ name, left: null })
    }
  })
})
