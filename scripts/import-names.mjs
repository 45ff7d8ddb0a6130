// A step of `npm run bundle` (scripts/bundle.mjs), on each script as ncc wrote it: webpack's long
// import names, _errors_js__WEBPACK_IMPORTED_MODULE_1__, become the file's name, _errors. In a
// module of its own so that __tests__/import-names.test.ts can hold it to scripts of every shape.

// webpack names each import after its file and its number among the module's imports, as
// _errors_js__WEBPACK_IMPORTED_MODULE_1__ (and a default import's wrapper ..._1___default):
// those names were a twentieth of dist/.
const WEBPACK_IMPORT = /\b(\w*?)(?:_js)?__WEBPACK_IMPORTED_MODULE_(\d+)__(\w*)/g
// Where ncc starts a module in a script it writes: `/***/ 674:`.
const MODULE_START = /^(?=\/\*{3}\/ \d+:)/m
/**
 * Each webpack import name shortened to its file, without the `_js` every source import's name
 * ends in and the number webpack gives it: _errors (a source file's keeps its leading `_`, for
 * `./`, beside a built-in's node_fs). An import's name is declared in its module's function, so
 * modules apart, a short name stands for one import only if it is a word nowhere in the script
 * (no source name, runtime name or global is captured or shadowed) and no other import of its
 * module gets it; else it keeps the number, _errors$1, which no name here has (no `$`; checked).
 * Only names webpack made are changed, each to one of its own.
 */
export function shortenImportNames(code, name) {
  const word = text => new RegExp(`(?<![\\w$])${text.replaceAll('$', '\\$')}(?![\\w$])`)
  return code
    .split(MODULE_START)
    .map(module => {
      const shortFor = new Map()
      for (const [long, file, id, suffix] of module.matchAll(WEBPACK_IMPORT)) {
        if (shortFor.has(long)) continue
        const plain = `${file}${suffix}`
        const taken = [...shortFor.values()].includes(plain)
        const short = file && !taken && !word(plain).test(code) ? plain : `${file}$${id}${suffix}`
        if (short !== plain && word(short).test(code)) {
          throw new Error(
            `${name}: ${short} is already a name there; it cannot stand for an import`
          )
        }
        if ([...shortFor.values()].includes(short)) {
          throw new Error(
            `${name}: two imports would get one short name; keep more of webpack's names`
          )
        }
        shortFor.set(long, short)
      }
      return module.replace(WEBPACK_IMPORT, long => shortFor.get(long) ?? long)
    })
    .join('')
}
