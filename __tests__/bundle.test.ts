// dist/ is what runs with the user's secrets: small enough, and readable enough, for a reviewer
// to audit. Reads the committed files only (timings are `npm run bench`'s job, not a test's).
import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, resolve, sep } from 'node:path'
import { innerFunctions, moduleLevelFunctions } from '../scripts/compile-eagerly.mjs'
import { parseScript, scopesOf } from '../scripts/drop-dead-modules.mjs'
import { readEagerFunctions } from '../scripts/eager-functions.mjs'

const DIST = resolve(import.meta.dirname, '../dist')
const MAX_DIST_BYTES = 200 * 1000
/** ncc keeps the sources' lines; a minifier joins them into lines thousands of characters long. */
const MAX_LINE_CHARS = 400

const files = readdirSync(DIST, { recursive: true })
  .map(name => join(DIST, String(name)))
  .filter(path => statSync(path).isFile())
const scripts = files.filter(path => /\.(c|m)?js$/.test(path))

describe('dist/', () => {
  it('holds at most 200 KB in all', () => {
    const bytes = files.reduce((sum, path) => sum + statSync(path).size, 0)
    expect(bytes).toBeLessThanOrEqual(MAX_DIST_BYTES)
  })

  it('is not minified: short lines, and the sources’ names and line comments kept', () => {
    const longLines = scripts.flatMap(path =>
      readFileSync(path, 'utf8')
        .split('\n')
        .map((line, index) => ({ path, line: index + 1, length: line.length }))
        .filter(({ length }) => length > MAX_LINE_CHARS)
    )
    expect(longLines).toEqual([])
    const main = readFileSync(join(DIST, 'index.js'), 'utf8')
    expect(main).toContain('var run = (async function (runtime = defaultRuntime())')
    expect(main).toContain(
      "// The token's secrets, masked as soon as the answer is read, before anything else."
    )
  })

  it("names each import by its file (_errors), not webpack's long names", () => {
    // Nor with the `_js` that every source import's name would end in (_errors_js$1), nor the
    // number webpack gives it (_errors$1), which the build keeps only where the file's name alone
    // would be taken; none is here.
    const long = scripts.filter(path =>
      /__WEBPACK_IMPORTED_MODULE_|\w_js\$\d|^var \w+\$\d+ = __require\(/m.test(
        readFileSync(path, 'utf8')
      )
    )
    expect(long).toEqual([])
    const main = readFileSync(join(DIST, 'index.js'), 'utf8')
    expect(main).toMatch(/^var _errors = __require\(\d+\)$/m)
    expect(main).toMatch(/^var node_fs = require\("node:fs"\)$/m)
    expect(main).toContain('throw new _errors.')
  })

  it("gives webpack's runtime names short forms: exports, __require, __modules, __cache", () => {
    const long = scripts.filter(path =>
      /__unused_webpack_module|__webpack_exports__|__nccwpck_require__|__webpack_require__|__webpack_modules__|__webpack_module_cache__|cachedModule/.test(
        readFileSync(path, 'utf8')
      )
    )
    expect(long).toEqual([])
    const main = readFileSync(join(DIST, 'index.js'), 'utf8')
    expect(main).toMatch(/^\d+: \(function \(exports, __require\) \{$/m)
    expect(main).toMatch(/^\t\treturn __cache\[moduleId\]$/m)
  })

  it('passes no module the module object it never reads (scripts/module-parameters.mjs)', () => {
    const unused = scripts.filter(path => /\b_unused\b/.test(readFileSync(path, 'utf8')))
    expect(unused).toEqual([])
    const tables = scripts.filter(path => !path.endsWith('post.js'))
    const plain = tables.filter(path =>
      /^\d+: \(function \(exports, __require\) \{$/m.test(readFileSync(path, 'utf8'))
    )
    expect(plain).toEqual(tables)
    // The runtime's cache holds each module's exports, set before the module runs.
    const main = readFileSync(join(DIST, 'index.js'), 'utf8')
    expect(main).not.toMatch(/\bmodule\.exports\b|\binCache\b/)
    expect(main).toContain(
      '\t\tif (!(moduleId in __cache)) __modules[moduleId](__cache[moduleId] = {}, __require)\n'
    )
  })

  it('writes a property named as its variable in short, { tokenUrl }, as the sources do', () => {
    const longhand = scripts.filter(path =>
      /(?<![\w$.])([A-Za-z_$][\w$]*): \1(?=[,\n}])/.test(readFileSync(path, 'utf8'))
    )
    expect(longhand).toEqual([])
  })

  it("runs each module as it is required, without webpack's try that unloads one that throws", () => {
    const main = readFileSync(join(DIST, 'index.js'), 'utf8')
    expect(main).not.toMatch(/\bthrew\b|delete __cache\b/)
    expect(main).toMatch(/^\t\tif \(!\(moduleId in __cache\)\) __modules\[moduleId\]\(/m)
  })

  it('writes arrays as the sources do, without spaces inside their brackets', () => {
    // terser prints [ a, b ]; the build closes them up (scripts/bundle.mjs, closeUpBrackets), and
    // leaves a regular expression's [ \t] as it is.
    const spaced = scripts.flatMap(
      path =>
        readFileSync(path, 'utf8').match(/(?:^|[(,=:?[{]|\breturn|\bof)\s*\[ ["'`\w[]/gm) ?? []
    )
    expect(spaced).toEqual([])
    const main = readFileSync(join(DIST, 'index.js'), 'utf8')
    expect(main).toMatch(
      /^const SECRET_INPUTS = \["client-secret", "password", "refresh-token"\]$/m
    )
    expect(main).toContain('const PEM_LINE_PADDING = /^[ \\t]+|')
  })

  it('writes a short object on one line, as the sources do, and one that holds a comment not', () => {
    // terser prints each object a property a line; the build joins one whose line then fits in
    // 100 columns (scripts/bundle.mjs, joinShortObjects).
    const main = readFileSync(join(DIST, 'index.js'), 'utf8')
    expect(main).toMatch(/^\t\t\treturn \{ kind: "response", response \}$/m)
    expect(main).toMatch(/\{\n\t+\.\.\.sending,\n\t+\/\/ The token's secrets, masked /)
  })

  it('loads each chunk with one call, __require.i, which the runtime defines once', () => {
    const spelled = scripts.filter(path =>
      /__require\.e\(\d+\)\.then\(/.test(readFileSync(path, 'utf8'))
    )
    expect(spelled).toEqual([])
    const main = readFileSync(join(DIST, 'index.js'), 'utf8')
    expect(main.match(/__require\.i = /g)).toHaveLength(1)
    expect(main).toMatch(/ = await __require\.i\(\d+, \d+\)$/m)
  })

  it("exports each module's bindings as plain properties, not through webpack's getters", () => {
    // scripts/plain-exports.mjs: a getter is a function V8 compiles, and each import's use calls
    // one. config.ts and keyless-inputs.ts import each other; neither reads the other while loading.
    // Should a module keep its getters, break its import cycle rather than loosen the rule.
    const getters = scripts.filter(path =>
      /__require\.d\((__)?exports\b/.test(readFileSync(path, 'utf8'))
    )
    expect(getters).toEqual([])
    const main = readFileSync(join(DIST, 'index.js'), 'utf8')
    expect(main).toMatch(/^exports\.\w+ = readConfig$/m)
    expect(main).toMatch(/^exports\.\w+ = readKeylessConfig$/m)
  })

  it("keeps none of webpack's runtime that nothing here needs", () => {
    // webpack declares `var node_fs_default = __require.n(node_fs)` for each import of a
    // built-in, and no source reads one; plain exports leave __require.d no getter to define;
    // nothing bundled reads the __esModule mark __require.r puts on a module's exports, nor the
    // asset relocator's __require.ab. Each was code run or compiled at every start. The build
    // keeps any of them that a script uses (scripts/bundle.mjs, dropUnneededRuntime): should a
    // new dependency need one, let this test allow it rather than drop what it needs.
    const wrappers = scripts.flatMap(
      path => readFileSync(path, 'utf8').match(/^var [\w$]+_default = __require\.n\(.*$/gm) ?? []
    )
    expect(wrappers).toEqual([])
    for (const path of scripts) {
      expect(readFileSync(path, 'utf8')).not.toMatch(/__require\.(n|d|r|ab)\b|__esModule/)
    }
    // Nor a chunk's exports.id or exports.ids: the loader (scripts/chunk-loader.mjs) reads its
    // modules alone.
    const chunks = scripts.filter(path => /\d+\.index\.cjs\.js$/.test(path))
    expect(chunks.length).toBeGreaterThan(0)
    for (const path of chunks) {
      expect(readFileSync(path, 'utf8')).toMatch(/^"use strict"\n\nexports\.modules = \{$/m)
      expect(readFileSync(path, 'utf8')).not.toMatch(/^exports\.ids? = /m)
      expect(readFileSync(path, 'utf8')).not.toMatch(/\bexports\.runtime\b/)
    }
    // What is left of loading chunks: __require.i, which requires the chunk's file, not webpack's
    // __require.e with its loaders (__require.f), file names (__require.u), hasOwnProperty
    // shorthand (__require.o) and table of installed chunks.
    const main = readFileSync(join(DIST, 'index.js'), 'utf8')
    expect(main).not.toMatch(/\bif \(true\)|\binstalledChunks\b/)
    for (const path of scripts) {
      expect(readFileSync(path, 'utf8')).not.toMatch(/__require\.[mfeuo]\b/)
    }
    expect(main).toMatch(
      /^\t\tObject\.assign\(__modules, require\(`\.\/\$\{chunkId\}\.index\.cjs\.js`\)\.modules\)$/m
    )
    // No chunk has a runtime of its own (exports.runtime) for the loader to run.
    expect(main).not.toMatch(/\bchunk\.runtime\b|\bruntime\(__require\)/)
    // Nor the entry's exports object, made module.exports at the end: src/index.cjs exports
    // nothing, and dist/post.js requires index.js only to run it.
    expect(main).not.toMatch(/^\t(var (__)?exports = \{\}|module\.exports = (__)?exports);?$/m)
    expect(readFileSync(join(DIST, 'post.js'), 'utf8')).toMatch(
      /^if \(.*\) require\('\.\/index\.js'\)$/m
    )
  })

  it('is indented with tabs, which .editorconfig shows two columns wide', () => {
    for (const path of scripts.filter(path => !path.endsWith('post.js'))) {
      const spaced = readFileSync(path, 'utf8')
        .split('\n')
        .filter(line => line.startsWith('  '))
      expect([path, spaced]).toEqual([path, []])
    }
    const editorconfig = readFileSync(resolve(DIST, '../.editorconfig'), 'utf8')
    expect(editorconfig).toMatch(
      /^\[dist\/\*\*\]\nindent_style = tab\nindent_size = 2\ntab_width = 2$/m
    )
  })

  it('names no module its import already names: no marker above var transport = require(646)', () => {
    const code = scripts.map(path => readFileSync(path, 'utf8')).join('\n')
    // ncc's markers name a module by its file alone (scripts/bundle.mjs, shortenMarkers).
    expect(code).not.toMatch(/MODULE: /)
    expect(code).not.toMatch(/^\s*\/\/ \.\/src\/\S+\n\s*var \w+ = __require\(/m)
    expect(code).not.toMatch(/^\s*\/\/ external "node:/m)
    expect(code).toContain('\n// ./src/runner-protocol.ts\n')
  })

  it('is strict mode throughout: index.js says so once, for all its modules, as each chunk does', () => {
    for (const path of scripts.filter(path => !path.endsWith('post.js'))) {
      const code = readFileSync(path, 'utf8')
      expect([path, code.match(/"use strict"/g)?.length]).toEqual([path, 1])
      expect(code).toMatch(/^(\(\(\) => \{\n\t)?"use strict"\n/)
    }
  })

  it('is CommonJS, which Node starts without its ES module loader (see src/index.cjs)', () => {
    expect(JSON.parse(readFileSync(join(DIST, 'package.json'), 'utf8'))).toEqual({
      type: 'commonjs'
    })
    expect(readFileSync(join(DIST, 'index.js'), 'utf8')).not.toMatch(/^import /m)
  })

  it("bundles no HttpClient of http-client's own: core's OIDC requests use the action's transport", () => {
    const concatenated = scripts.flatMap(path =>
      [...readFileSync(path, 'utf8').matchAll(/^\/\/ (\.\/\S+)$/gm)].map(m => m[1])
    )
    expect(concatenated).toContain('./src/oidc-http-client.ts')
    expect(concatenated).toContain('./node_modules/@actions/http-client/lib/proxy.js')
    const code = scripts.map(path => readFileSync(path, 'utf8')).join('\n')
    expect(code).not.toMatch(/node_modules\/(@actions\/http-client\/lib\/index|tunnel\/)/)
  })

  it('lists the license of every bundled package', () => {
    const licenses = readFileSync(join(DIST, 'licenses.txt'), 'utf8')
    for (const name of ['@actions/core', '@actions/http-client']) {
      expect(licenses).toMatch(new RegExp(`^${name}\nMIT\n`, 'm'))
    }
  })

  it("keeps @actions/core out of index.js: core loads only for GitHub's ID token", () => {
    const modulesOf = (path: string): string[] =>
      [...readFileSync(path, 'utf8').matchAll(/^\/\/ (\.\/\S+)$/gm)].map(m => m[1])
    const main = modulesOf(join(DIST, 'index.js'))
    expect(main).toContain('./src/runner-protocol.ts')
    expect(main.filter(name => name.includes('@actions/core'))).toEqual([])
    const chunks = scripts.filter(path => !path.endsWith('index.js')).flatMap(modulesOf)
    expect(chunks).toContain('./node_modules/@actions/core/lib/core.js')
  })

  it('wraps every module function in parentheses, which V8 compiles at once (scripts/compile-eagerly.mjs)', () => {
    for (const path of scripts.filter(path => !path.endsWith('post.js'))) {
      const modules = readFileSync(path, 'utf8').match(/^ *\d+: .*(=>|function).*$/gm) ?? []
      expect(modules.length).toBeGreaterThan(0)
      // Node 20 compiles at once a parenthesized `function`, not a parenthesized arrow.
      expect(modules.filter(line => !/^ *\d+: \(function \(/.test(line))).toEqual([])
      // Each module flush left, its code too (scripts/bundle.mjs, dedentModules).
      expect(modules.filter(line => line.startsWith(' '))).toEqual([])
      // ncc's markers of where code comes from too, and the line of code after a comment is at
      // the comment's indentation, not further in (scripts/bundle.mjs, alignAfterComments).
      const lines = readFileSync(path, 'utf8').split('\n')
      expect(lines.filter(line => /^\s+\/\/ (\.\/|external )/.test(line))).toEqual([])
      const indent = (line: string): number => line.length - line.trimStart().length
      const deeperAfterComment = lines.filter((line, index) => {
        const previous = lines[index - 1] ?? ''
        return (
          /^\s*\/\//.test(previous) && !/^\s*(\/\/|$)/.test(line) && indent(line) > indent(previous)
        )
      })
      expect(deeperAfterComment).toEqual([])
    }
  })

  it('defines as parenthesized expressions the functions of index.js that scripts/eager-functions.json lists, and only those', () => {
    const main = readFileSync(join(DIST, 'index.js'), 'utf8')
    const eager = readEagerFunctions()
    const forms = moduleLevelFunctions(main, 'index.js').map(({ name, start }) => ({
      name,
      listed: eager.has(name),
      expression: main.slice(start - name.length - 8, start) === `var ${name} = (`
    }))
    expect(forms.length).toBeGreaterThan(100)
    expect(forms.filter(form => form.listed !== form.expression)).toEqual([])
    expect(main).toContain('var readConfig = (function (source) {')
    expect(main).toContain('var run = (async function (runtime = defaultRuntime()) {')
    // Never called by a password grant: left for V8 to compile on first call.
    // (Module code sits flush left, as in a file of its own: scripts/bundle.mjs, dedentModules.)
    expect(main).toMatch(/^function readSigningKey\(/m)
  })

  it('turns into function expressions the arrow functions inside index.js that scripts/eager-functions.json lists', () => {
    const main = readFileSync(join(DIST, 'index.js'), 'utf8')
    const eager = readEagerFunctions()
    const inner = innerFunctions(main, 'index.js')
    const listed = inner.filter(fn => eager.has(fn.key))
    // Callbacks and the transport's handlers (webpack's export getters are gone: plain exports).
    expect(listed.length).toBeGreaterThan(30)
    // Every listed one is converted (none of them names its own this or arguments)...
    expect(listed.filter(fn => fn.arrow)).toEqual([])
    // ...such as the transport's request, which every run sends.
    const request = inner.find(fn => fn.key === 'attempt > 0')
    expect(main.slice(request?.start).startsWith('function (resolve, reject) {')).toBe(true)
    // An expression body is returned as it stands, with no parentheses added around it.
    const returned = listed.filter(fn =>
      /^function \([^)]*\) \{ return /.test(main.slice(fn.start))
    )
    expect(returned.length).toBeGreaterThan(20)
    expect(main).toContain('.map((function (name) { return inputOrEnv(source, name); }))')
    // Those a password grant never calls stay arrows, for V8 to compile only if one ever runs.
    expect(inner.filter(fn => fn.arrow && !eager.has(fn.key)).length).toBeGreaterThan(30)
  })

  it("is printable ASCII but for index.js's trailer, so Node reads each chunk as a one-byte string", () => {
    for (const path of scripts) {
      const text = readFileSync(path, 'utf8')
      // index.js's trailer (scripts/bundle.mjs, INDEX_TRAILER) holds the one exception.
      const end = path.endsWith(`${sep}index.js`) ? text.lastIndexOf('\n// Built from src/ ') : -1
      const body = end < 0 ? text : text.slice(0, end)
      expect({ path, nonAscii: body.match(/[^\t\n\r\x20-\x7e]/g) }).toEqual({
        path,
        nonAscii: null
      })
    }
  })

  // scripts/bundle.mjs, INDEX_TRAILER: as a one-byte string, index.js's text would take 130 KB of
  // V8's young generation, which on Node 24 brought on a GC in the token request's wait
  // (__tests__/startup.test.ts). Held as UTF-16 it is over V8's largest young object, 128 KiB. The
  // character comes last: V8 decodes the UTF-8 after the first one a character at a time.
  it('ends index.js with its only character past Latin-1, so V8 holds its text outside the young generation', () => {
    const text = readFileSync(join(DIST, 'index.js'), 'utf8')
    const wide = [...text.matchAll(/[\u0100-\uffff]/g)]
    expect(wide.map(match => match[0])).toEqual(['\u2014'])
    expect(text.slice(wide[0].index)).toMatch(/^\u2014 [^\n]*\n$/)
    expect(text.length * 2).toBeGreaterThan(128 * 1024)
  })

  it('names no Unicode property class in index.js: V8 builds one from ICU tables on first use', () => {
    // About 2.6 million instructions for `\p{Cc}` on Node 20 (callgrind), on every run; the
    // classes are spelled out in src/errors.ts instead.
    const main = readFileSync(join(DIST, 'index.js'), 'utf8')
    expect(main.match(/\\[pP]\{[^}]*\}/g)).toBeNull()
  })

  it('names no source map, since dist/ ships none', () => {
    for (const path of scripts) {
      expect({
        path,
        maps: readFileSync(path, 'utf8').match(/^\s*\/\/[#@] sourceMappingURL=.*$/gm)
      }).toEqual({
        path,
        maps: null
      })
    }
  })

  // Core's platform module imports @actions/exec; webpack drops that import once src/oidc.ts takes
  // getIDToken alone from core, and the build the module's dead code. The stand-in would be all
  // there is of it if it came back.
  it("keeps of the packages' modules only those something calls (scripts/drop-dead-modules.mjs)", () => {
    const modules = scripts.flatMap(path =>
      [...readFileSync(path, 'utf8').matchAll(/^\/\/ \.\/node_modules\/(\S+)$/gm)].map(
        ([, file]) => file
      )
    )
    // Core's job summary, platform, path and file-command modules are not among them.
    expect(modules.sort()).toEqual([
      '@actions/core/lib/command.js',
      '@actions/core/lib/core.js',
      '@actions/core/lib/oidc-utils.js',
      '@actions/core/lib/utils.js',
      '@actions/http-client/lib/proxy.js'
    ])
  })

  it('refers to no variable it does not declare, other than Node’s globals', () => {
    // CommonJS's own, which Node's module wrapper declares.
    const wrapper = new Set(['require', 'module', 'exports', '__dirname', '__filename'])
    const undeclared = scripts.flatMap(path => {
      const { globalScope } = scopesOf(parseScript(readFileSync(path, 'utf8')))
      const names = (globalScope?.through ?? []).map(({ identifier }) => identifier.name)
      return [...new Set(names)]
        .filter(name => !wrapper.has(name) && !(name in globalThis))
        .map(name => `${path}: ${name}`)
    })
    expect(undeclared).toEqual([])
  })

  it('bundles no undici, and of @actions/exec (and @actions/io) at most the stand-in', () => {
    const code = scripts.map(path => readFileSync(path, 'utf8')).join('\n')
    expect(code).not.toMatch(/node_modules\/(undici|@actions\/exec|@actions\/io)\//)
    expect(code).not.toContain('stubs/undici')
  })
})
