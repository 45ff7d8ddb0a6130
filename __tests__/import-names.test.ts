// scripts/import-names.mjs, a step of `npm run bundle`: webpack's import names become their
// files' (_errors), and its names for a concatenated module's built-in imports (external_node_fs_)
// the modules' own (node_fs); each still names the module it did. Small scripts as ncc writes
// them, run before and after.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { shortenBuiltinNames, shortenImportNames } from '../scripts/import-names.mjs'

const name = (file: string, n: number): string => `${file}__WEBPACK_IMPORTED_MODULE_${n}__`

/** A script of ncc's shape: two modules (`/***\/ NNN:`), each reading its imports, then a call. */
const script = (first: string, second: string): string => `var modules = {
/***/ 1: (function (module) {
module.exports = { word: "one" };
/***/ }),
/***/ 2: (function (module) {
module.exports = { word: "two" };
/***/ }),
/***/ 10: (function (module, __exports, __require) {
${first}
/***/ }),
/***/ 20: (function (module, __exports, __require) {
${second}
/***/ })
};
var cache = {};
function __require(id) {
  if (!cache[id]) { cache[id] = { exports: {} }; modules[id](cache[id], cache[id].exports, __require); }
  return cache[id].exports;
}
result = [__require(10).read(), __require(20).read()];
`

const run = (code: string): unknown => {
  const context: { result?: unknown } = {}
  runInNewContext(code, context)
  return context.result
}

describe('shortenImportNames', () => {
  it('names each import by its file alone, in every module that has it, with the same result', () => {
    const code = script(
      `var ${name('_one_js', 0)} = __require(1);\nvar ${name('node_two', 1)} = __require(2);\n` +
        `__exports.read = () => ${name('_one_js', 0)}.word + ${name('node_two', 1)}.word;`,
      `var ${name('_one_js', 3)} = __require(1);\n__exports.read = () => ${name('_one_js', 3)}.word;`
    )
    const short = shortenImportNames(code, 'test.js')
    expect(short).not.toContain('WEBPACK')
    expect(short).toContain('var _one = __require(1);\nvar node_two = __require(2);')
    expect(short).toContain('__exports.read = () => _one.word + node_two.word;')
    expect(short).toContain('var _one = __require(1);\n__exports.read = () => _one.word;')
    expect(run(code)).toEqual(['onetwo', 'one'])
    expect(run(short)).toEqual(['onetwo', 'one'])
  })

  it("names a default import's wrapper after its file too", () => {
    const code = script(
      `var ${name('node_fs', 0)} = __require(1);\nvar ${name('node_fs', 0)}_default = ${name('node_fs', 0)};\n` +
        `__exports.read = () => ${name('node_fs', 0)}_default.word;`,
      '__exports.read = () => 2;'
    )
    const short = shortenImportNames(code, 'test.js')
    expect(short).toContain(
      'var node_fs_default = node_fs;\n__exports.read = () => node_fs_default.word;'
    )
    expect(run(short)).toEqual(['one', 2])
  })

  it('keeps the number of an import whose file name is a name in the script already', () => {
    // `_one` alone would be the local of read's, which then shadows the import.
    const code = script(
      `var ${name('_one_js', 1)} = __require(1);\n` +
        `__exports.read = () => { const _one = "local"; return ${name('_one_js', 1)}.word + _one; };`,
      `var ${name('_two_js', 0)} = __require(2);\n__exports.read = () => ${name('_two_js', 0)}.word;`
    )
    const short = shortenImportNames(code, 'test.js')
    expect(short).toContain('return _one$1.word + _one; };')
    expect(short).toContain('var _two = __require(2);')
    expect(run(code)).toEqual(['onelocal', 'two'])
    expect(run(short)).toEqual(['onelocal', 'two'])
  })

  it('keeps the number of an import whose file name another import of its module has', () => {
    // './one.js' and './one': two requests, two names, one file name.
    const code = script(
      `var ${name('_one_js', 0)} = __require(1);\nvar ${name('_one', 1)} = __require(2);\n` +
        `__exports.read = () => ${name('_one_js', 0)}.word + ${name('_one', 1)}.word;`,
      '__exports.read = () => 2;'
    )
    const short = shortenImportNames(code, 'test.js')
    expect(short).toContain('var _one = __require(1);\nvar _one$1 = __require(2);')
    expect(run(short)).toEqual(['onetwo', 2])
  })

  it('fails the build when the numbered name is taken too', () => {
    const code = script(
      `var ${name('_one_js', 1)} = __require(1);\n` +
        `__exports.read = () => { const _one = 1, _one$1 = 2; return ${name('_one_js', 1)}.word; };`,
      '__exports.read = () => 2;'
    )
    expect(() => shortenImportNames(code, 'test.js')).toThrow(
      'test.js: _one$1 is already a name there; it cannot stand for an import'
    )
  })

  it('leaves in dist/ no import name with the number webpack gave it', () => {
    const dist = join(import.meta.dirname, '../dist')
    for (const file of readdirSync(dist).filter(file => file.endsWith('.js'))) {
      const code = readFileSync(join(dist, file), 'utf8')
      expect({ file, numbered: code.match(/^var \w+\$\d+ = __require\(/gm) }).toEqual({
        file,
        numbered: null
      })
    }
  })
})

describe('shortenBuiltinNames', () => {
  it("names a concatenated module's built-in imports as a module of its own does", () => {
    const code = script(
      'var external_node_two_ = __require(2);\nconst external_one_namespaceObject = __require(1);\n' +
        '__exports.read = () => external_one_namespaceObject.word + external_node_two_.word;',
      '// CONCATENATED MODULE: external "one"\nvar external_one_ = __require(1);\n' +
        '__exports.read = () => external_one_.word;'
    )
    const short = shortenBuiltinNames(code)
    expect(short).not.toContain('external_')
    expect(short).toContain('var node_two = __require(2);\nconst one = __require(1);')
    expect(short).toContain('__exports.read = () => one.word + node_two.word;')
    expect(short).toContain('var one = __require(1);\n__exports.read = () => one.word;')
    expect(run(short)).toEqual(run(code))
  })

  it("keeps webpack's name where the short one is a name in that scope, or another import's", () => {
    const code = script(
      'var external_one_ = __require(1);\n' +
        '__exports.read = () => { const one = "local"; return external_one_.word + one; };',
      'var external_one_ = __require(1);\nvar external_one_namespaceObject = __require(2);\n' +
        '__exports.read = () => external_one_.word + external_one_namespaceObject.word;'
    )
    const short = shortenBuiltinNames(code)
    expect(short).toContain('return external_one_.word + one; };')
    expect(short).toContain(
      'var one = __require(1);\nvar external_one_namespaceObject = __require(2);'
    )
    expect(run(short)).toEqual(['onelocal', 'onetwo'])
  })

  // Review 87: each renamed where it could change what runs, before these checks.
  it('gives a short name once along a chain of scopes: an inner import would capture the outer', () => {
    const code = script(
      'var external_one_ = __require(1);\n' +
        '__exports.read = () => { var external_one_namespaceObject = __require(2);\n' +
        'return external_one_.word + external_one_namespaceObject.word; };',
      '__exports.read = () => "";'
    )
    const short = shortenBuiltinNames(code)
    expect(short).toContain('return one.word + external_one_namespaceObject.word;')
    expect(run(short)).toEqual(run(code))
  })

  it('keeps the name of an import written as a shorthand property, whose key it is', () => {
    const code = script(
      'var external_one_ = __require(1);\n__exports.read = () => Object.keys({ external_one_ })[0];',
      'var external_two_ = __require(2);\n__exports.read = () => external_two_.word;'
    )
    const short = shortenBuiltinNames(code)
    expect(short).toContain('({ external_one_ })')
    expect(short).toContain('var two = __require(2);')
    expect(run(short)).toEqual(run(code))
  })

  it('renames nothing in a script with a direct eval, nor in the global scope', () => {
    const withEval = script(
      'var external_one_ = __require(1);\n__exports.read = () => eval("external_one_.word");',
      'var external_two_ = __require(2);\n__exports.read = () => external_two_.word;'
    )
    expect(shortenBuiltinNames(withEval)).toBe(withEval)
    const global = 'var external_os_ = require("os");\nexternal_os_.EOL;'
    expect(shortenBuiltinNames(global)).toBe(global)
  })

  it('leaves in dist/ no built-in import under the name webpack gave it', () => {
    const dist = join(import.meta.dirname, '../dist')
    for (const file of readdirSync(dist).filter(file => file.endsWith('.js'))) {
      const code = readFileSync(join(dist, file), 'utf8')
      expect({ file, webpack: code.match(/\bexternal_\w+/g) }).toEqual({ file, webpack: null })
    }
  })
})
