// scripts/compile-eagerly.mjs, the last step of `npm run bundle`: it only changes how V8 compiles
// dist/, never what dist/ does. Small bundles of each shape webpack prints, run before and after.
import { describe, expect, it } from '@jest/globals'
import { runInNewContext } from 'node:vm'
import { compileModulesEagerly, moduleLevelFunctions } from '../scripts/compile-eagerly.mjs'

/** A webpack main script, as terser prints it, with these module functions. */
const mainScript = (...modules: string[]): string => `(() => {
  var __webpack_modules__ = {
${modules.map((module, id) => `    ${id}: ${module}`).join(',\n')}
  };
  var cache = {};
  function require(id) {
    if (cache[id]) return cache[id].exports;
    var module = cache[id] = { exports: {} };
    __webpack_modules__[id](module, module.exports, require);
    return module.exports;
  }
  result = require(0);
})();
`

/** What the script leaves in `result`. */
const run = (code: string): unknown => {
  const context: { result?: unknown } = {}
  runInNewContext(code, context)
  return context.result
}

describe('compileModulesEagerly', () => {
  it('turns each arrow module function into a parenthesized function expression', () => {
    const code = mainScript(
      `(module, exports, require) => {
      module.exports = require(1).twice(21);
    }`,
      `module => {
      module.exports = { twice: x => 2 * x };
    }`
    )
    const eager = compileModulesEagerly(code, 'index.js')
    expect(eager).toContain('0: (function (module, exports, require) {\n')
    expect(eager).toContain('1: (function (module) {\n')
    expect(run(eager)).toBe(42)
    expect(run(code)).toBe(42)
  })

  it('keeps an arrow, in parentheses, when the module names its own this or arguments', () => {
    const code = mainScript(
      `(module, exports, require) => {
      module.exports = [this === __webpack_modules__, require(1), require(2)];
    }`,
      `module => {
      module.exports = () => arguments.length;
    }`,
      `module => {
      module.exports = (function () { return this === __webpack_modules__; })();
    }`
    )
    const eager = compileModulesEagerly(code, 'chunk.js')
    expect(eager).toContain('0: ((module, exports, require) => {\n')
    expect(eager).toContain('1: (module => {\n')
    // A `this` inside a function of its own is that function's: the module may change form.
    expect(eager).toContain('2: (function (module) {\n')
    const [moduleThis, , functionThis] = run(eager) as unknown[]
    expect([moduleThis, functionThis]).toEqual([false, false])
  })

  it("in index.js, declares a module's functions as parenthesized expressions", () => {
    const code = mainScript(`(module, exports, require) => {
      module.exports = () => area(3);
      function area(side) {
        return side * side;
      }
    }`)
    const chunk = compileModulesEagerly(code, 'chunk.js')
    expect(chunk).toContain('      function area(side) {')
    const main = compileModulesEagerly(code, 'index.js')
    expect(main).toContain('      var area = (function area(side) {')
    for (const script of [code, chunk, main]) expect((run(script) as () => number)()).toBe(9)
  })

  it('leaves a function that module code names before its declaration hoisted', () => {
    const code = mainScript(`(module, exports, require) => {
      module.exports = [area(3), () => later()];
      function area(side) {
        return side * side;
      }
      function later() {
        return 1;
      }
    }`)
    const eager = compileModulesEagerly(code, 'index.js')
    expect(eager).toContain('      function area(side) {')
    // Named only inside a function, which runs after the declaration: converted.
    expect(eager).toContain('var later = (function later() {')
    const [area, later] = run(eager) as [number, () => number]
    expect([area, later()]).toEqual([9, 1])
  })

  it('in index.js, converts only the functions eagerFunctions names, when given', () => {
    const code = mainScript(`(module, exports, require) => {
      module.exports = () => area(3) + (area(1) ? 0 : failure());
      function area(side) {
        return side * side;
      }
      async function failure() {
        throw new Error('never');
      }
    }`)
    const eager = compileModulesEagerly(code, 'index.js', new Set(['area']))
    expect(eager).toContain('      var area = (function area(side) {')
    expect(eager).toContain('      async function failure() {')
    expect((run(eager) as () => number)()).toBe(9)
    expect(compileModulesEagerly(code, 'index.js')).toContain(
      'var failure = (async function failure() {'
    )
  })

  it('finds module-level functions in either form, where V8 coverage puts them', () => {
    const code = compileModulesEagerly(
      mainScript(`(module, exports, require) => {
      module.exports = () => [area(3), failure];
      function area(side) {
        return side * side;
      }
      async function failure() {}
      var notAFunction = 1;
      function inner() {
        function nested() {}
        return nested;
      }
    }`),
      'index.js',
      new Set(['area', 'failure'])
    )
    const found = moduleLevelFunctions(code, 'index.js')
    expect(found.map(fn => fn.name)).toEqual(['area', 'failure', 'inner'])
    for (const { name, start } of found) {
      expect(code.slice(start)).toMatch(new RegExp(`^(async )?function ${name}\\(`))
    }
  })

  it('refuses a script without a module table, which a future ncc might print', () => {
    expect(() => compileModulesEagerly('(() => { var modules = {}; })();', 'index.js')).toThrow(
      /index\.js: no module functions found/
    )
  })
})
