// scripts/module-parameters.mjs, a step of `npm run bundle`: no module reads the module object
// webpack passes it first (`_unused`), so each module function takes its exports (as `exports`)
// and require only, and index.js's runtime passes only those. Small scripts as terser prints
// webpack's, run before and after.
import { describe, expect, it } from '@jest/globals'
import { runInNewContext } from 'node:vm'
import { dropModuleParameter } from '../scripts/module-parameters.mjs'

/** index.js as terser prints it: three modules, one of them a lone parameter's arrow, the runtime. */
const index = (third = '9: _unused => {\n      result.push("nine");\n    }'): string => `(() => {
  var __modules = {
    7: (_unused, __exports, __require) => {
      __exports.seven = __require(8).eight + 1;
    },
    8: (_unused, __exports) => {
      __exports.eight = 8;
    },
    ${third}
  };
  var __cache = {};
  function __require(moduleId) {
    var inCache = __cache[moduleId];
    if (inCache !== undefined) {
      return inCache.exports;
    }
    var module = __cache[moduleId] = {
      exports: {}
    };
    __modules[moduleId](module, module.exports, __require);
    return module.exports;
  }
  __require(9);
  result.push(__require(7).seven);
})();
`

const run = (code: string): unknown => {
  const context = { result: [] as unknown[] }
  runInNewContext(code, context)
  return context.result
}

describe('dropModuleParameter', () => {
  it('takes the unused first parameter out of every module and the runtime, with the same result', () => {
    const code = index()
    const dropped = dropModuleParameter(code, 'index.js')
    expect(dropped).toContain(
      '7: (exports, __require) => {\n      exports.seven = __require(8).eight + 1;'
    )
    expect(dropped).toContain('8: (exports) => {\n      exports.eight = 8;')
    expect(dropped).toContain('9: () => {')
    expect(dropped).not.toContain('__exports')
    expect(dropped).toContain(
      '  function __require(moduleId) {\n' +
        '    if (!(moduleId in __cache)) __modules[moduleId](__cache[moduleId] = {}, __require);\n' +
        '    return __cache[moduleId];\n' +
        '  }\n'
    )
    expect(dropped).not.toMatch(/\bmodule\b|\binCache\b/)
    expect(dropped).not.toMatch(/\b_unused\b/)
    expect(run(code)).toEqual(['nine', 9])
    expect(run(dropped)).toEqual(['nine', 9])
  })

  it('runs each module once, and gives a module still running its exports so far, as webpack does', () => {
    // 9 requires 7 twice (7 runs once) and then 10, which requires 9 while 9 runs: it sees the
    // export 9 set before, not the one after.
    const code = index(
      '9: (_unused, __exports, __require) => {\n' +
        '      __exports.before = "set";\n' +
        '      result.push(__require(7) === __require(7), __require(10).seen);\n' +
        '      __exports.after = "set";\n' +
        '    },\n' +
        '    10: (_unused, __exports, __require) => {\n' +
        '      const nine = __require(9);\n' +
        '      __exports.seen = [nine.before, nine.after].join("/");\n' +
        '    }'
    ).replace('__exports.eight = 8;', 'result.push("eight runs");\n      __exports.eight = 8;')
    const expected = ['eight runs', true, 'set/', 9]
    expect(run(code)).toEqual(expected)
    expect(run(dropModuleParameter(code, 'index.js'))).toEqual(expected)
  })

  it("takes it out of a chunk's modules, which has no runtime", () => {
    const chunk =
      'exports.modules = {\n  50: (_unused, __exports, __require) => {\n' +
      '    __exports.x = __require(7);\n  }\n};\n'
    expect(dropModuleParameter(chunk, '50.index.cjs.js')).toBe(
      'exports.modules = {\n  50: (exports, __require) => {\n    exports.x = __require(7);\n  }\n};\n'
    )
  })

  it('fails the build when a module reads its module object', () => {
    const code = index('9: module => {\n      module.exports = require("node:fs");\n    }')
    expect(() => dropModuleParameter(code, 'index.js')).toThrow(
      'index.js: module 9 takes module first, not _unused'
    )
  })

  it('names a module that takes no parameter at all', () => {
    const chunk = 'exports.modules = {\n  9: () => {\n    result.push(1);\n  }\n};\n'
    expect(() => dropModuleParameter(chunk, '9.index.cjs.js')).toThrow(
      '9.index.cjs.js: module 9 takes no parameter first, not _unused'
    )
  })

  it('fails the build when a module names exports itself, which its parameter would shadow', () => {
    const code = index('9: _unused => {\n      result.push(typeof exports);\n    }')
    expect(() => dropModuleParameter(code, 'index.js')).toThrow(
      'index.js: module 9 names exports; __exports cannot be named so'
    )
    const property = index('9: _unused => {\n      result.push({ a: 1 }.exports);\n    }')
    expect(run(dropModuleParameter(property, 'index.js'))).toEqual([undefined, 9])
  })

  it('fails the build when a module names _unused, or the runtime requires modules otherwise', () => {
    const named = index('9: _unused => {\n      result.push(_unused);\n    }')
    expect(() => dropModuleParameter(named, 'index.js')).toThrow(
      'index.js: _unused is named where no module parameter is'
    )
    const other = index().replace('(module, module.exports, __require)', '(module, __require)')
    expect(() => dropModuleParameter(other, 'index.js')).toThrow(
      'index.js: no one function __require as webpack writes it'
    )
    const twice = index().replace(
      '  __require(9);',
      `  ${index().match(/function __require[^]*?\n {2}}/)?.[0]}`
    )
    expect(() => dropModuleParameter(twice, 'index.js')).toThrow(
      'index.js: no one function __require as webpack writes it'
    )
  })
})
