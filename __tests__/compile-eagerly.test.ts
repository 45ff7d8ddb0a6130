// scripts/compile-eagerly.mjs, the last step of `npm run bundle`: it only changes how V8 compiles
// dist/, never what dist/ does. Small bundles of each shape webpack prints, run before and after.
import { describe, expect, it } from '@jest/globals'
import { runInNewContext } from 'node:vm'
import {
  compileModulesEagerly,
  innerFunctions,
  moduleLevelFunctions
} from '../scripts/compile-eagerly.mjs'

/** A webpack main script, as terser prints it, with these module functions. */
const mainScript = (...modules: string[]): string => `(() => {
  var __modules = {
${modules.map((module, id) => `    ${id}: ${module}`).join(',\n')}
  };
  var cache = {};
  function require(id) {
    if (cache[id]) return cache[id].exports;
    var module = cache[id] = { exports: {} };
    __modules[id](module, module.exports, require);
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
      module.exports = [this === __modules, require(1), require(2)];
    }`,
      `module => {
      module.exports = () => arguments.length;
    }`,
      `module => {
      module.exports = (function () { return this === __modules; })();
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
    expect(main).toContain('      var area = (function (side) {')
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
    expect(eager).toContain('var later = (function () {')
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
    expect(eager).toContain('      var area = (function (side) {')
    expect(eager).toContain('      async function failure() {')
    expect((run(eager) as () => number)()).toBe(9)
    expect(compileModulesEagerly(code, 'index.js')).toContain('var failure = (async function () {')
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
    // A converted one has no name of its own: V8 takes it from the var.
    for (const { name, start } of found) {
      expect(code.slice(start)).toMatch(new RegExp(`^(async )?function( ${name})? ?\\(`))
    }
    expect(code).toContain('var area = (function (side) {')
    expect(code).toContain('var failure = (async function () {')
  })

  it('in index.js, turns the arrow functions eagerFunctions names into function expressions, and only those', async () => {
    const code = mainScript(`(module, exports, require) => {
      const double = x => 2 * x;
      module.exports = async () => [
        double(4),
        pair(5),
        await later(),
        shape(),
        getter()(2),
        receiver.own(),
        [1, 2].map(n => n + 1),
        skipped(),
        last(1, 2),
        tall()
      ];
      function pair(n) {
        const both = (a, b) => {
          return [a, b];
        };
        return both(n, n);
      }
      const later = async () => 'later';
      const shape = () => ({ side: 3 });
      const getter = () => double;
      const receiver = { value: 7, own() { return (() => this.value)(); } };
      const skipped = () => 'lazy';
      const last = (a, b) => (a, b);
      const tall = () => (
        { side: 4 }
      );
    }`)
    const keys = innerFunctions(code, 'index.js').map(fn => fn.key)
    expect(keys).toEqual([
      'module 0 > 0', // double
      'module 0 > 1', // the exported function
      'module 0 > 2', // n => n + 1
      'pair > 0', // both
      'module 0 > 3', // later
      'module 0 > 4', // shape
      'module 0 > 5', // getter
      'module 0 > 6', // the arrow inside own(), which names this
      'module 0 > 7', // skipped
      'module 0 > 8', // last
      'module 0 > 9' // tall
    ])
    const listed = keys.filter(key => key !== 'module 0 > 7')
    const eager = compileModulesEagerly(code, 'index.js', new Set(listed))
    // `return` takes any expression as it stands: no parentheses are added, and those around an
    // object literal or a sequence go with the arrow.
    expect(eager).toContain('const double = (function (x) { return 2 * x; });')
    expect(eager).toContain('const both = (function (a, b) {\n')
    expect(eager).toContain("const later = (async function () { return 'later'; });")
    expect(eager).toContain('const shape = (function () { return { side: 3 }; });')
    expect(eager).toContain('const last = (function (a, b) { return a, b; });')
    // Moved up to the `return`'s line, or it would return nothing.
    expect(eager).toContain('const tall = (function () { return { side: 4 }; });')
    // A name, as webpack's export getters return, needs no parentheses.
    expect(eager).toContain('const getter = (function () { return double; });')
    expect(eager).toContain('return (() => this.value)();')
    expect(eager).toContain("const skipped = () => 'lazy';")
    const expected = [8, [5, 5], 'later', { side: 3 }, 4, 7, [2, 3], 'lazy', 2, { side: 4 }]
    expect(await (run(code) as () => Promise<unknown>)()).toEqual(expected)
    expect(await (run(eager) as () => Promise<unknown>)()).toEqual(expected)
    // A function expression keeps its key, so a run of the converted script names the same ones.
    expect(innerFunctions(eager, 'index.js').map(fn => fn.key)).toEqual(keys)
    // Without a list, or in a chunk, no arrow changes.
    expect(compileModulesEagerly(code, 'index.js')).toContain('const double = x => 2 * x;')
    expect(compileModulesEagerly(code, 'chunk.js', new Set(listed))).toContain(
      'const double = x => 2 * x;'
    )
  })

  it('refuses a script without a module table, which a future ncc might print', () => {
    expect(() => compileModulesEagerly('(() => { var modules = {}; })();', 'index.js')).toThrow(
      /index\.js: no module functions found/
    )
  })
})
