// scripts/shared-helpers.mjs, a step of `npm run bundle`: a TypeScript helper that a package's
// files each declare, concatenated by webpack into one module, is declared once and the others
// as it. Small scripts as ncc writes them, run before and after.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { shareHelpers } from '../scripts/shared-helpers.mjs'

/** tsc's __awaiter, as ncc prints it once webpack has put `undefined` for the module's `this`. */
const awaiter = (name: string): string =>
  `var ${name} = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};`

/** A module function of ncc's shape, two package files concatenated, each with its helper. */
const script = (between = '', after = ''): string => `var modules = {
617: ((module, __exports) => {
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/oidc-utils.js
${awaiter('__awaiter')}
function next(n) { return __awaiter(this, void 0, void 0, function* () { return (yield n) + 1; }); }
${between}
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/core.js
${awaiter('core_awaiter')}
function twice(n) { return core_awaiter(this, void 0, void 0, function* () { return 2 * (yield next(n)); }); }
${after}
__exports.twice = twice;
})
};
var cache = {};
result = (function () { var module = { exports: {} }; modules[617](module, module.exports); return module.exports; })().twice(21);
`

const run = async (code: string): Promise<unknown> => {
  const context: { result?: Promise<unknown>; Promise: PromiseConstructor } = { Promise }
  runInNewContext(code, context)
  return context.result
}

describe('shareHelpers', () => {
  it('declares a helper that its block already declares as that one, with the same results', async () => {
    const { code, shared } = shareHelpers(script())
    expect(shared).toEqual(['core_awaiter = __awaiter'])
    expect(code).toContain('\nvar core_awaiter = __awaiter;\nfunction twice(n)')
    expect(code.match(/undefined\.__awaiter/g)).toHaveLength(1)
    expect(code.replace('var core_awaiter = __awaiter;', awaiter('core_awaiter'))).toBe(script())
    expect(await run(script())).toBe(44)
    expect(await run(code)).toBe(44)
  })

  it.each([
    [
      'its text differs',
      '',
      '',
      (code: string) =>
        code.replace(
          '(thisArg, _arguments, P, generator) {\n    function adopt(value) { return value',
          '(thisArg, _arguments, P, generator) {\n    function adopt(value) { return  value'
        )
    ],
    ['the later one is written again', '', 'core_awaiter = null;', (code: string) => code],
    ['the earlier one is written again', '__awaiter = null;', '', (code: string) => code],
    [
      'the later one is read but not called',
      '',
      '__exports.same = typeof core_awaiter;',
      (code: string) => code
    ],
    ['the earlier one is given a property', '__awaiter.seen = true;', '', (code: string) => code],
    [
      'the two are in different blocks',
      '',
      '',
      (code: string) => code.replace(awaiter('__awaiter'), `{\n${awaiter('__awaiter')}\n}`)
    ]
  ])('leaves both helpers when %s', (_why, between, after, change) => {
    const code = change(script(between, after))
    expect(shareHelpers(code)).toEqual({ code, shared: [] })
  })

  it('stops the build where a scope declares undefined, which the helpers read', () => {
    expect(() => shareHelpers(script('', 'function f(undefined) { return undefined; }'))).toThrow(
      'shared-helpers: `undefined` is declared in the script; helpers stay apart'
    )
  })

  it("leaves dist/ with one declaration of each of TypeScript's helpers per script", () => {
    const dist = join(import.meta.dirname, '../dist')
    const scripts = readdirSync(dist).filter(name => name.endsWith('.js'))
    for (const name of scripts) {
      const helpers = readFileSync(join(dist, name), 'utf8').match(/undefined\.__\w+/g) ?? []
      expect([name, helpers]).toEqual([name, [...new Set(helpers)]])
    }
    const oidc = scripts
      .map(name => readFileSync(join(dist, name), 'utf8'))
      .find(code => code.includes('core_awaiter'))
    expect(oidc).toMatch(/^var core_awaiter = __awaiter$/m)
  })
})
