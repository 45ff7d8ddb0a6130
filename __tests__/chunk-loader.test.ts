// scripts/chunk-loader.mjs, a step of `npm run bundle`: each `await import()` becomes a call of
// __require.i, which index.js defines in place of webpack's chunk loading, and each chunk's
// `exports.ids` goes. Small scripts as terser prints webpack's, run before and after.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { loadChunks } from '../scripts/chunk-loader.mjs'

/** webpack's chunk loading as terser prints it, once the build has dropped what nothing uses. */
const WEBPACK_LOADER = `  __require.m = __modules;
  (() => {
    __require.f = {};
    __require.e = chunkId => Promise.all(Object.keys(__require.f).reduce((promises, key) => {
      __require.f[key](chunkId, promises);
      return promises;
    }, []));
  })();
  (() => {
    __require.u = chunkId => "" + chunkId + ".index.cjs.js";
  })();
  (() => {
    __require.o = (obj, prop) => Object.prototype.hasOwnProperty.call(obj, prop);
  })();
  (() => {
    var installedChunks = {
      792: 1
    };
    var installChunk = chunk => {
      var moreModules = chunk.modules, chunkIds = chunk.ids;
      for (var moduleId in moreModules) {
        if (__require.o(moreModules, moduleId)) {
          __require.m[moduleId] = moreModules[moduleId];
        }
      }
      for (var i = 0; i < chunkIds.length; i++) installedChunks[chunkIds[i]] = 1;
    };
    __require.f.require = (chunkId, promises) => {
      if (!installedChunks[chunkId]) {
        installChunk(require("./" + __require.u(chunkId)));
      }
    };
  })();
`

/** index.js: a module that imports chunk 5's module 50 twice (and a missing chunk), the runtime. */
const index = (loader = WEBPACK_LOADER): string => `(() => {
  "use strict";
  var __modules = {
    7: (_unused, __exports, __require) => {
      __exports.result = (async () => {
        const first = __require.e(5).then(__require.bind(__require, 50));
        log.push("called");
        Promise.resolve().then(() => log.push("a tick later"));
        const again = await __require.e(5).then(__require.bind(__require, 50));
        const own = await __require.e(5).then(__require.bind(__require, 5));
        let missing;
        try {
          await __require.e(9).then(__require.bind(__require, 90));
        } catch (error) {
          missing = error.message;
        }
        return [(await first).word, again === await first, missing, own.word];
      })();
    }
  };
  var __webpack_module_cache__ = {};
  function __require(moduleId) {
    var cachedModule = __webpack_module_cache__[moduleId];
    if (cachedModule !== undefined) {
      return cachedModule.exports;
    }
    var module = __webpack_module_cache__[moduleId] = {
      exports: {}
    };
    __modules[moduleId](module, module.exports, __require);
    return module.exports;
  }
${loader}  result = __require(7).result;
})();
`

/** Chunk 5 as terser prints it: its module 50 and its own module 5, which 50 requires. */
const chunk = (ids = '[ 5 ]'): string => `"use strict";

exports.ids = ${ids};

exports.modules = {
  50: (_unused, __exports, __require) => {
    log.push("module 50");
    __exports.word = __require(5).word;
  },
  5: (_unused, __exports) => {
    __exports.word = "five";
  }
};
`

/** The script's result and what it logged; its require reads and runs each chunk once, as Node's. */
const run = async (main: string, chunkFile: string): Promise<unknown> => {
  const log: string[] = []
  const cache = new Map<string, unknown>()
  const require = (path: string): unknown => {
    if (path !== './5.index.cjs.js') throw new Error(`Cannot find module '${path}'`)
    if (!cache.has(path)) {
      log.push(`read ${path}`)
      const exports = {}
      runInNewContext(chunkFile, { exports, log })
      cache.set(path, exports)
    }
    return cache.get(path)
  }
  const context: { result?: Promise<unknown>; log: string[]; require: typeof require } = {
    result: undefined,
    log,
    require
  }
  runInNewContext(main, context)
  return { result: await context.result, log }
}

describe('loadChunks', () => {
  it("replaces webpack's chunk loading with __require.i, with the same results in the same order", async () => {
    const main = loadChunks(index(), 'index.js')
    const five = loadChunks(chunk(), '5.index.cjs.js')
    expect(main).toContain(
      '  __require.i = (chunkId, moduleId = chunkId) => {\n' +
        '    Object.assign(__modules, require(`./${chunkId}.index.cjs.js`).modules);\n' +
        '    return Promise.resolve().then(() => __require(moduleId));\n  };\n  result ='
    )
    expect(main).toContain('const first = __require.i(5, 50);')
    expect(main).toContain('const own = await __require.i(5);')
    expect(main).not.toMatch(/__require\.[mfeuo]\b|installedChunks/)
    expect(five).toBe(chunk().replace('exports.ids = [ 5 ];\n\n', ''))
    const before = await run(index(), chunk())
    expect(before).toEqual({
      result: ['five', true, "Cannot find module './9.index.cjs.js'", 'five'],
      log: ['read ./5.index.cjs.js', 'called', 'module 50', 'a tick later']
    })
    expect(await run(main, five)).toEqual(before)
  })

  it("stops the build where webpack's loader is not as expected", () => {
    const changed = index(
      WEBPACK_LOADER.replace('chunk.ids;', 'chunk.ids, runtime = chunk.runtime;')
    )
    expect(() => loadChunks(changed, 'index.js')).toThrow(
      "index.js: webpack's chunk loader is not as expected"
    )
    expect(() => loadChunks(index(''), 'index.js')).toThrow('not as expected')
  })

  it('stops the build where a chunk lists ids other than its own, or names the runtime that goes', () => {
    expect(() => loadChunks(chunk('[ 5, 6 ]'), '5.index.cjs.js')).toThrow(
      '5.index.cjs.js: a chunk file should list its own id alone, exports.ids = [5]'
    )
    expect(() => loadChunks(chunk('[ 6 ]'), '5.index.cjs.js')).toThrow('its own id alone')
    expect(() => loadChunks(chunk(), 'other.js')).toThrow('its own id alone')
    const reaching = chunk().replace('__exports.word = "five";', '__exports.word = __require.m;')
    expect(() => loadChunks(reaching, '5.index.cjs.js')).toThrow(
      "5.index.cjs.js: names webpack's chunk loading, which the build replaces"
    )
    const extra = index().replace('result = __require(7)', 'result = __require.o && __require(7)')
    expect(() => loadChunks(extra, 'index.js')).toThrow("names webpack's chunk loading")
  })

  it('leaves dist/ with no chunk ids and one loader that every chunk import calls', () => {
    const dist = join(import.meta.dirname, '../dist')
    const chunks = readdirSync(dist).filter(name => /^\d+\.index\.cjs\.js$/.test(name))
    expect(chunks.length).toBeGreaterThan(0)
    for (const name of chunks) {
      expect(readFileSync(join(dist, name), 'utf8')).toMatch(
        /^"use strict"\n\nexports\.modules = \{\n/
      )
    }
    const main = readFileSync(join(dist, 'index.js'), 'utf8')
    const imported = [...main.matchAll(/__require\.i\((\d+), \d+\)/g)].map(
      ([, id]) => `${id}.index.cjs.js`
    )
    expect(new Set(imported).size).toBeGreaterThan(1)
    for (const file of imported) expect(chunks).toContain(file)
  })
})
