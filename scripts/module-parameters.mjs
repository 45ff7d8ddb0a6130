// A step of `npm run bundle` (scripts/bundle.mjs), on each script terser has printed, once the
// entries of Node's built-in modules are gone (scripts/builtin-requires.mjs): webpack calls each
// module's function with its module object first, `__modules[moduleId](module,
// module.exports, __require)`, and no module here reads it (ncc names such a parameter
// `__unused_webpack_module`, `_unused` in dist/). So each module's function takes its exports and
// require only, and index.js's runtime passes only those; and the exports parameter is `exports`,
// as CommonJS names it, not webpack's `__exports`. With no module object, the runtime's cache
// holds each module's exports itself. 0.7 KB of dist/. In a module of its own so that
// __tests__/module-parameters.test.ts can hold it to scripts of every shape.
import { moduleFunctions } from './compile-eagerly.mjs'

const UNUSED = '_unused'
/** webpack's require function as terser prints it in index.js. */
const REQUIRE = `function __require(moduleId) {
    var inCache = __cache[moduleId];
    if (inCache !== undefined) {
      return inCache.exports;
    }
    var module = __cache[moduleId] = {
      exports: {}
    };
    __modules[moduleId](module, module.exports, __require);
    return module.exports;
  }`
/**
 * The same with a module's exports in the cache, not a module object that holds them: set before
 * the module runs, as webpack's is, so a module that requires one still running gets its exports
 * so far. (No module id is a name Object.prototype has: they are numbers.)
 */
const EXPORTS_REQUIRE = `function __require(moduleId) {
    if (!(moduleId in __cache)) __modules[moduleId](__cache[moduleId] = {}, __require);
    return __cache[moduleId];
  }`
/** A name as a variable: not a property (`module.exports`), nor part of a longer name. */
const variable = name => new RegExp(`(?<![\\w$.])${name}(?![\\w$])`, 'g')

/**
 * `code` with each module function's first parameter, `_unused`, taken out and its `__exports`
 * named `exports`, and in index.js the runtime's require without the module object. Fails the
 * build if a module's first parameter is any other (one that reads its module object: a built-in's
 * entry, CommonJS code), if a module names `exports` itself, if `_unused` is still named anywhere
 * after, or if index.js has not the one require function to rewrite.
 */
export function dropModuleParameter(code, name) {
  const changes = []
  for (const fn of moduleFunctions(code, name)) {
    const [first, second] = fn.params
    if (first?.type !== 'Identifier' || first.name !== UNUSED) {
      const what = first ? code.slice(first.start, first.end) : 'no parameter'
      throw new Error(`${name}: module ${fn.moduleId} takes ${what} first, not ${UNUSED}`)
    }
    const text = code.slice(fn.start, fn.end)
    if (variable('exports').test(text)) {
      throw new Error(`${name}: module ${fn.moduleId} names exports; __exports cannot be named so`)
    }
    // `_unused => {` as terser prints a lone parameter: `() => {`.
    const alone = code[first.start - 1] === '(' ? '' : '()'
    const from = first.start - fn.start
    const to = (second ? second.start : first.end) - fn.start
    const dropped = text.slice(0, from) + alone + text.slice(to)
    changes.push({
      from: fn.start,
      to: fn.end,
      text: dropped.replace(variable('__exports'), 'exports')
    })
  }
  let dropped = changes
    .sort((a, b) => b.from - a.from)
    .reduce((text, { from, to, text: by }) => text.slice(0, from) + by + text.slice(to), code)
  if (name === 'index.js') {
    if (dropped.split(REQUIRE).length !== 2) {
      throw new Error(`${name}: no one function __require as webpack writes it`)
    }
    dropped = dropped.replace(REQUIRE, () => EXPORTS_REQUIRE)
  }
  if (variable(UNUSED).test(dropped)) {
    throw new Error(`${name}: ${UNUSED} is named where no module parameter is`)
  }
  return dropped
}
