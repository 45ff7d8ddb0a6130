// scripts/plain-exports.mjs, a step of `npm run bundle`: a module's exports become plain
// properties only where no importer can tell. Small bundles of each shape, run before and after.
import { describe, expect, it } from '@jest/globals'
import { runInNewContext } from 'node:vm'
import { plainExports } from '../scripts/plain-exports.mjs'

/** A webpack main script with these module functions (module 0 runs), and webpack's getters. */
const mainScript = (...modules: string[]): string => `(() => {
  "use strict";
  var __modules = {
${modules.map((module, id) => `    ${id}: ${module}`).join(',\n')}
  };
  var cache = {};
  function __require(id) {
    if (cache[id]) return cache[id].exports;
    var module = cache[id] = { exports: {} };
    __modules[id](module, module.exports, __require);
    return module.exports;
  }
  __require.c = cache;
  __require.d = (exports, definition) => {
    for (var key in definition) {
      if (!Object.prototype.hasOwnProperty.call(exports, key)) {
        Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
      }
    }
  };
  globalThis.result = __require(0).result;
})();
`

/** A module as webpack prints one with exports: its getters first, then its imports and code. */
const harmony = (
  getters: Record<string, string>,
  body: string
): string => `((_unused, __exports, __require) => {
      __require.d(__exports, {
        ${Object.entries(getters)
          .map(([key, name]) => `${/^\w+$/.test(key) ? key : JSON.stringify(key)}: () => ${name}`)
          .join(',\n        ')}
      });
      ${body}
    })`

/** What the script leaves in `result`, and how its exports are defined. */
const run = (code: string): unknown => {
  const context: { result?: unknown } = {}
  runInNewContext(code, context)
  return context.result
}

const gettersLeft = (code: string): number => (code.match(/__require\.d\(__exports/g) ?? []).length

describe('plainExports', () => {
  it('turns the getters of functions, classes, constants and vars into plain properties', () => {
    const code = mainScript(
      `((_unused, __exports, __require) => {
      var shapes = __require(1);
      __exports.result = [shapes.area(3), new shapes.Square(2).side, shapes.UNIT, shapes.legacy,
        Object.getOwnPropertyDescriptor(shapes, 'area')];
    })`,
      harmony(
        { area: 'area', Square: 'Square', UNIT: 'UNIT', legacy: 'legacy' },
        `function area(side) { return side * side; }
      class Square { constructor(side) { this.side = side; } }
      const UNIT = 'cm';
      var legacy = 'var';`
      )
    )
    const plain = plainExports(code, 'index.js')
    expect(gettersLeft(code)).toBe(1)
    expect(gettersLeft(plain)).toBe(0)
    expect(plain).toContain('__exports.area = area;\n__exports.Square = Square;')
    const [area, side, unit, legacy, descriptor] = run(plain) as [
      number,
      number,
      string,
      string,
      PropertyDescriptor
    ]
    expect([area, side, unit, legacy]).toEqual([9, 2, 'cm', 'var'])
    expect(typeof descriptor.value).toBe('function')
    expect(descriptor.get).toBeUndefined()
    // The bundle as webpack wrote it gave the same values, through getters.
    const [, , , , getter] = run(code) as [number, number, string, string, PropertyDescriptor]
    expect(typeof getter.get).toBe('function')
    expect((run(code) as unknown[]).slice(0, 4)).toEqual([9, 2, 'cm', 'var'])
  })

  it('writes a key that is no identifier in brackets', () => {
    const code = mainScript(
      `((_unused, __exports, __require) => {
      __exports.result = __require(1)['two words'];
    })`,
      harmony({ 'two words': 'value' }, `const value = 42;`)
    )
    const plain = plainExports(code, 'index.js')
    expect(plain).toContain('__exports["two words"] = value;')
    expect(run(plain)).toBe(42)
  })

  it.each([
    ['count += 1', 'count += 1;'],
    ['count++', 'count++;'],
    ['for (count of ...)', 'for (count of [1]) {}'],
    ['[count] = ...', '[count] = [1];']
  ])(
    'keeps the getters of a module whose export changes (%s), so importers see it change',
    (_what, change) => {
      const code = mainScript(
        `((_unused, __exports, __require) => {
      var counter = __require(1);
      counter.increment();
      __exports.result = counter.count;
    })`,
        harmony(
          { count: 'count', increment: 'increment' },
          `let count = 0;
      function increment() { ${change} }`
        )
      )
      const plain = plainExports(code, 'index.js')
      expect(gettersLeft(plain)).toBe(1)
      expect(run(plain)).toBe(1)
    }
  )

  it('writes a numeric key as a string', () => {
    const code = mainScript(
      `((_unused, __exports, __require) => {
      __exports.result = __require(1)[0];
    })`,
      harmony({ 0: 'value' }, `const value = 42;`)
    )
    const plain = plainExports(code, 'index.js')
    expect(plain).toContain('__exports["0"] = value;')
    expect(run(plain)).toBe(42)
  })

  it("rewrites a chunk's modules too", () => {
    const chunk = `"use strict";
exports.id = 5;
exports.ids = [5];
exports.modules = {
  5: ${harmony({ seal: 'seal' }, `function seal(x) { return [x]; }`)}
};
`
    const plain = plainExports(chunk, '5.index.cjs.js')
    expect(gettersLeft(plain)).toBe(0)
    expect(plain).toContain('__exports.seal = seal;')
  })

  it('keeps the getters of a module that re-exports an import', () => {
    const code = mainScript(
      `((_unused, __exports, __require) => {
      __exports.result = __require(1).twice(4);
    })`,
      harmony({ twice: 'math.twice' }, `var math = __require(2);`),
      harmony({ twice: 'twice' }, `function twice(x) { return 2 * x; }`)
    )
    const plain = plainExports(code, 'index.js')
    expect(gettersLeft(plain)).toBe(1)
    expect(plain).toContain('twice: () => math.twice')
    expect(run(plain)).toBe(8)
  })

  it('turns getters into properties in a cycle whose modules read nothing of it while loading', () => {
    const code = mainScript(
      `((_unused, __exports, __require) => {
      __exports.result = __require(1).greet();
    })`,
      harmony(
        { greet: 'greet', NAME: 'NAME' },
        `var other = __require(2);
      const NAME = 'one';
      const LIST = Object.freeze(new Set(['a']));
      const MOST = (0, Math.max)(1, LIST.size);
      function greet() { return other.reply() + NAME + LIST.size + MOST; }`
      ),
      harmony(
        { reply: 'reply' },
        `var one = __require(1);
      function reply() { return one.NAME + '>'; }`
      )
    )
    const plain = plainExports(code, 'index.js')
    expect(gettersLeft(plain)).toBe(0)
    expect(run(plain)).toBe('one>one11')
    expect(run(code)).toBe('one>one11')
  })

  it.each([
    ['reads an import of the cycle', `const early = one.greet;`],
    ['calls a function of its own', `const early = ask();`],
    ['hands a function to a call', `const early = [1].map(() => typeof one.greet);`],
    ['hands a function of its own to a call', `const early = [1].map(ask);`],
    ['requires a module of the cycle in an expression', `const early = __require(1).greet;`],
    ['runs a function it makes at once', `const early = (() => typeof one.greet)();`],
    [
      'runs a function it makes at once, which calls a function declared inside it',
      `const early = (() => { function inner() { return typeof one.greet; } return inner(); })();`
    ],
    [
      'fills a TypeScript enum',
      `var Kind; (function (Kind) { Kind[typeof one.greet] = 1; })(Kind || (Kind = {}));
      const early = Object.keys(Kind).join();`
    ],
    [
      'constructs a class',
      `const early = new (class { constructor() { this.v = typeof one.greet; } })().v;`
    ],
    [
      'declares a class with a static field',
      `class Holder { static v = typeof one.greet; }
      const early = Holder.v;`
    ],
    [
      'hands a method to a conversion',
      `const early = JSON.stringify({ toJSON: () => typeof one.greet });`
    ],
    ['reads a getter', `const early = ({ get v() { return typeof one.greet; } }).v;`],
    ['calls a function of its own through an array', `const early = [ask][0]();`],
    [
      'calls a function of its own through a spread',
      `const early = Reflect.apply(...[ask, null, []]);`
    ],
    [
      'stores a function of its own and calls it',
      `globalThis.hook = ask; const early = globalThis.hook();`
    ],
    ['tags a template with a function of its own', 'const early = ask`x`;'],
    ['evaluates code', `const early = eval('typeof one.greet');`],
    ["reaches into webpack's module cache", `const early = typeof __require.c[1].exports.greet;`]
  ])('keeps the getters of a cycle where a module %s while loading', (_what, early) => {
    const code = mainScript(
      `((_unused, __exports, __require) => {
      __exports.result = __require(1).greet();
    })`,
      harmony(
        { greet: 'greet' },
        `var other = __require(2);
      function greet() { return 'hi ' + other.early; }`
      ),
      harmony(
        { early: 'early' },
        `var one = __require(1);
      function ask() { return typeof one.greet; }
      ${early}`
      )
    )
    const plain = plainExports(code, 'index.js')
    // Module 1 is the one read while it loads: its hoisted greet is there through its getter,
    // and would not be through a property assigned at the module's end.
    expect(String(run(code))).toContain('function')
    expect(plain).toContain('greet: () => greet')
    expect(run(plain)).toBe(run(code))
  })

  it('leaves a module without exports, and fails on a script without a module table', () => {
    const code = mainScript(`module => {
      module.exports = { result: 7 };
    }`)
    expect(plainExports(code, 'index.js')).toBe(code)
    expect(() => plainExports('var x = 1;', 'index.js')).toThrow(/no module functions found/)
  })
})
