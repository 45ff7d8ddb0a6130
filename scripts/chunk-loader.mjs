// A step of `npm run bundle` (scripts/bundle.mjs), on each script terser has printed: webpack's
// chunk loader as the one function the scripts call, __require.i. In a module of its own so that
// __tests__/chunk-loader.test.ts can run it on scripts of ncc's shape.

// What webpack prints for each `await import()`: load the chunk, then require the module.
const CHUNK_IMPORT = /__require\.e\((\d+)\)\.then\(__require\.bind\(__require, (\d+)\)\)/g

// webpack's chunk loading in index.js, as terser prints it once scripts/bundle.mjs has dropped the
// parts nothing here uses (dropUnneededRuntime): the module table as __require.m, __require.e
// running each loader of __require.f (there is one, `require`), the file name __require.u, the
// hasOwnProperty shorthand __require.o, and the `require` loader, which notes the chunks it has
// installed. Matched to the letter: should ncc print anything else, the build stops.
const LOADER_LINES = [
  '__require.m = __modules;',
  '(() => {',
  '  __require.f = {};',
  '  __require.e = chunkId => Promise.all(Object.keys(__require.f).reduce((promises, key) => {',
  '    __require.f[key](chunkId, promises);',
  '    return promises;',
  '  }, []));',
  '})();',
  '(() => {',
  '  __require.u = chunkId => "" + chunkId + ".index.cjs.js";',
  '})();',
  '(() => {',
  '  __require.o = (obj, prop) => Object.prototype.hasOwnProperty.call(obj, prop);',
  '})();',
  '(() => {',
  '  var installedChunks = {',
  '    ENTRY: 1',
  '  };',
  '  var installChunk = chunk => {',
  '    var moreModules = chunk.modules, chunkIds = chunk.ids;',
  '    for (var moduleId in moreModules) {',
  '      if (__require.o(moreModules, moduleId)) {',
  '        __require.m[moduleId] = moreModules[moduleId];',
  '      }',
  '    }',
  '    for (var i = 0; i < chunkIds.length; i++) installedChunks[chunkIds[i]] = 1;',
  '  };',
  '  __require.f.require = (chunkId, promises) => {',
  '    if (!installedChunks[chunkId]) {',
  '      installChunk(require("./" + __require.u(chunkId)));',
  '    }',
  '  };',
  '})();'
]
const escape = text => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
// Each line at the runtime's indentation (\1), the entry chunk's id (ENTRY) any number.
const LOADER = new RegExp(
  `^( *)${LOADER_LINES.map(escape).join('\\n\\1').replace('ENTRY', '\\d+')}\\n`,
  'm'
)

/** A chunk's line that lists its ids, which only the loader above read: `exports.ids = [ 361 ];` as terser prints it. */
const CHUNK_IDS = /^exports\.ids = \[ (\d+) \];\n\n?/m

/**
 * The loader that replaces webpack's, at `indent`: the chunk's modules join the module table, and
 * the module is required once the promise settles, as webpack's loader did (its Promise.all of
 * no promise is already settled). Node's require reads each chunk file once, which is all the
 * installedChunks of webpack's noted.
 */
const loader = indent =>
  [
    "// Each `await import()` adds its chunk's modules to the table and requires the module.",
    '__require.i = (chunkId, moduleId = chunkId) => {',
    '  Object.assign(__modules, require(`./${chunkId}.index.cjs.js`).modules);',
    '  return Promise.resolve().then(() => __require(moduleId));',
    '};'
  ]
    .map(line => `${indent}${line}\n`)
    .join('')

/**
 * Each `await import()` as one call of a runtime function that does the same, `__require.i(361)`
 * for `__require.e(361).then(__require.bind(__require, 361))` (`__require.i(370, 989)` where the
 * module's id is not the chunk's), defined in index.js in place of webpack's chunk loading
 * (LOADER): a chunk file of ncc's holds its own id and modules, and is loaded by nothing else.
 * Each chunk's `exports.ids`, which only that loader read, goes. The build stops where the
 * runtime is not webpack's as expected, a chunk lists an id other than its file's, or anything
 * else names the runtime functions that go (__require.m, .f, .e, .u, .o).
 */
export function loadChunks(code, name) {
  if (/__require\.i\b/.test(code)) throw new Error(`${name}: __require.i is already defined`)
  let calls = code.replace(CHUNK_IMPORT, (_, chunkId, moduleId) =>
    chunkId === moduleId ? `__require.i(${chunkId})` : `__require.i(${chunkId}, ${moduleId})`
  )
  if (name === 'index.js') {
    const runtime = LOADER.exec(calls)
    if (!runtime) throw new Error(`${name}: webpack's chunk loader is not as expected`)
    const at = runtime.index
    calls = `${calls.slice(0, at)}${loader(runtime[1] ?? '')}${calls.slice(at + runtime[0].length)}`
  } else {
    const chunk = /^(\d+)\.index\.cjs\.js$/.exec(name)?.[1]
    const ids = CHUNK_IDS.exec(calls)
    if (!chunk || ids?.[1] !== chunk) {
      throw new Error(
        `${name}: a chunk file should list its own id alone, exports.ids = [${chunk}]`
      )
    }
    calls = calls.replace(CHUNK_IDS, '')
  }
  if (/__require\.[mfeuo]\b|\bexports\.ids\b/.test(calls)) {
    throw new Error(`${name}: names webpack's chunk loading, which the build replaces`)
  }
  return calls
}
