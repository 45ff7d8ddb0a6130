// scripts/builtin-requires.mjs, a step of `npm run bundle`: an import of a Node built-in module,
// `__require(24)` with index.js's entry `24: module => { module.exports = require("node:fs"); }`,
// becomes `require("node:fs")`, and the entry goes. Small scripts as terser prints webpack's, run
// before and after.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { builtinModules, requireBuiltinsDirectly } from '../scripts/builtin-requires.mjs'

/** index.js as terser prints it: a source module, the built-in modules' entries, the runtime. */
const index = (body: string, entries = ''): string => `(() => {
  var __modules = {
    7: (_unused, __exports, __require) => {
      ${body}
    },
    24: module => {
      module.exports = require("node:fs");
    },
    30: module => {
      module.exports = require("os");
    }${entries}
  };
  var cache = {};
  function __require(moduleId) {
    if (!cache[moduleId]) {
      var module = cache[moduleId] = { exports: {} };
      __modules[moduleId](module, module.exports, __require);
    }
    return cache[moduleId].exports;
  }
  result = __require(7).result;
})();
`

/** The script's result, its require giving a stand-in for each built-in module. */
const run = (code: string): unknown => {
  const modules: Record<string, object> = { 'node:fs': { name: 'fs' }, os: { name: 'os' } }
  const context: { result?: unknown; require: (name: string) => object | undefined } = {
    require: name => modules[name]
  }
  runInNewContext(code, context)
  return context.result
}

describe('builtinModules', () => {
  it("finds the entries that only export one of Node's built-in modules", () => {
    const code = index(
      '__exports.result = 1;',
      `,
    40: module => {
      module.exports = require("./local.js");
    },
    41: module => {
      module.exports = require("node:fs");
      module.exports.more = 1;
    }`
    )
    expect(builtinModules(code)).toEqual(
      new Map([
        ['24', 'node:fs'],
        ['30', 'os']
      ])
    )
  })
})

describe('requireBuiltinsDirectly', () => {
  it('requires each built-in module by its name, and takes its entry out, with the same result', () => {
    const code = index(
      'var node_fs = __require(24);\nvar external_os_ = __require(30);\n' +
        '__exports.result = [node_fs.name, external_os_.name, __require(24) === node_fs];'
    )
    const direct = requireBuiltinsDirectly(code, 'index.js', builtinModules(code))
    expect(direct).toContain('var node_fs = require("node:fs");\nvar external_os_ = require("os");')
    expect(direct).toContain('require("node:fs") === node_fs]')
    expect(direct).not.toMatch(/\b(24|30):|module\.exports = require/)
    expect(direct).toMatch(/\n {4}\}\n {2}\};\n/)
    expect(run(code)).toEqual(['fs', 'os', true])
    expect(run(direct)).toEqual(['fs', 'os', true])
  })

  it('leaves the other modules, and the entries of a chunk that has none of its own', () => {
    const builtins = new Map([['24', 'node:fs']])
    const chunk =
      'exports.modules = {\n  9: (_unused, __exports, __require) => {\n' +
      '    var _errors = __require(7);\n    var node_fs = __require(24);\n  }\n};\n'
    expect(requireBuiltinsDirectly(chunk, '9.index.cjs.js', builtins)).toBe(
      chunk.replace('__require(24)', 'require("node:fs")')
    )
  })

  it('fails the build when a module could still be asked for by a number not written out', () => {
    const code = index('var id = 24;\n__exports.result = __require(id);')
    expect(() => requireBuiltinsDirectly(code, 'index.js', builtinModules(code))).toThrow(
      'index.js: __require(id) requires a module it does not name'
    )
  })

  it('fails the build when a chunk would be loaded for a built-in module', () => {
    const code = index('__exports.result = __require.bind(__require, 24);')
    expect(() => requireBuiltinsDirectly(code, 'index.js', builtinModules(code))).toThrow(
      'index.js: __require.bind(__require, 24) loads a built-in module'
    )
  })

  it('leaves in dist/ no built-in module required by number, nor its entry', () => {
    const dist = join(import.meta.dirname, '../dist')
    for (const file of readdirSync(dist).filter(file => file.endsWith('.js'))) {
      const code = readFileSync(join(dist, file), 'utf8')
      expect({ file, entries: code.match(/^\s*module\.exports = require\(.*$/gm) }).toEqual({
        file,
        entries: null
      })
    }
    const main = readFileSync(join(dist, 'index.js'), 'utf8')
    expect(main).toMatch(/^var node_fs = require\("node:fs"\)$/m)
  })
})

describe('requireBuiltinsDirectly, where the script has a require of its own', () => {
  // An ES module package's `const require = createRequire(import.meta.url)` (or any local named
  // require) is the name the rewritten import would call: before its declaration, a
  // ReferenceError; and not Node's require. The build must stop, not write that.
  it.each([
    'var node_fs = __require(24);\nconst require = () => ({});\n__exports.result = node_fs.name;',
    'var node_fs = __require(24);\nfunction load(require) { return require; }\n__exports.result = node_fs.name;',
    // Bound by a pattern, as `const { createRequire: require } = ...` or `(...require) =>` would.
    'var node_fs = __require(24);\nconst { require } = { require: () => ({}) };\n__exports.result = node_fs.name;',
    'var node_fs = __require(24);\nconst load = (...require) => require;\n__exports.result = node_fs.name;'
  ])('fails the build rather than call a local require: %j', body => {
    const code = index(body)
    expect(() => run(code)).not.toThrow()
    expect(() => requireBuiltinsDirectly(code, 'index.js', builtinModules(code))).toThrow(
      "index.js: a name 'require' of its own would stand for Node's: keep __require(<id>) there"
    )
  })
})
