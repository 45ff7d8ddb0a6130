// scripts/drop-dead-modules.mjs on scripts shaped as ncc prints them: what goes, and what stays.
import { describe, expect, it } from '@jest/globals'
import { dropDeadModules } from '../scripts/drop-dead-modules.mjs'

/** A chunk's module function holding these sections, each after webpack's marker. */
const chunk = (...sections: string[]): string =>
  `exports.modules = {\n617: ((_unused, __exports, __require) => {\n${sections.join('\n')}\n})\n};\n`
const section = (file: string, code: string): string => `;// CONCATENATED MODULE: ${file}\n${code}`
/** The modules these tests let go whole, as REVIEWED lists core's. */
const REVIEWED = new Set(['./node_modules/pkg/lib/dead.js', './node_modules/pkg/lib/file.js'])

describe('dropDeadModules', () => {
  it('drops a package module nothing refers to, and keeps one something does', () => {
    const code = chunk(
      section(
        './node_modules/pkg/lib/dead.js',
        'class Summary {}\nconst _summary = new Summary();'
      ),
      section('./node_modules/pkg/lib/used.js', 'function used() { return 1 }'),
      section('./src/oidc.ts', '__exports.used = used;')
    )
    const { code: left, dropped } = dropDeadModules(code, REVIEWED)
    expect(dropped).toEqual(['./node_modules/pkg/lib/dead.js'])
    expect(left).not.toContain('Summary')
    expect(left).toContain('function used() { return 1 }')
    expect(left).toContain('__exports.used = used;')
  })

  it('keeps a package module that runs a statement, and any module of the sources', () => {
    const code = chunk(
      section('./node_modules/pkg/lib/effect.js', 'var ExitCode;\nprocess.exitCode = 0;'),
      section('./src/unused.ts', 'function mine() {}')
    )
    expect(dropDeadModules(code, REVIEWED)).toEqual({ code, dropped: [] })
  })

  it('keeps a dead package module no one has read, whose initializers may act outside it', () => {
    const code = chunk(
      section('./node_modules/pkg/lib/unread.js', 'const wrote = fs.writeFileSync("x", "");'),
      section('./src/oidc.ts', '__exports.ok = 1;')
    )
    expect(dropDeadModules(code, REVIEWED)).toEqual({ code, dropped: [] })
  })

  it('refuses a script with eval, which hides every reference from a reading by scope', () => {
    const code = chunk(
      section('./node_modules/pkg/lib/dead.js', 'function used() {}'),
      section('./src/oidc.ts', 'function run(text) { return eval(text) }\n__exports.run = run;')
    )
    expect(() => dropDeadModules(code, REVIEWED)).toThrow('eval or with')
  })

  it('drops the functions nothing calls from a package module that stays, until none is left', () => {
    const code = chunk(
      section(
        './node_modules/pkg/lib/core.js',
        [
          'function helper() { return issueCommand() }',
          'function exportVariable() { return helper() }',
          // A parameter of the same name is not a reference to the function.
          'function getIDToken(exportVariable) { return exportVariable }'
        ].join('\n')
      ),
      section('./src/oidc.ts', '__exports.getIDToken = getIDToken;')
    )
    const { code: left, dropped } = dropDeadModules(code, REVIEWED)
    expect(dropped).toEqual([
      './node_modules/pkg/lib/core.js: exportVariable',
      './node_modules/pkg/lib/core.js: helper'
    ])
    expect(left).not.toContain('issueCommand')
    expect(left).toContain('function getIDToken(exportVariable)')
  })

  it('drops a TypeScript enum nothing refers to, and keeps one that is read or does more', () => {
    /** tsc's enum: `var Name;` and the function that fills it, with `members`. */
    const tsEnum = (name: string, members: string[]): string =>
      `var ${name};\n(function (${name}) {\n${members.map(m => `    ${m};`).join('\n')}\n})(${name} || (${name} = {}));`
    const code = chunk(
      section(
        './node_modules/pkg/lib/core.js',
        [
          tsEnum('ExitCode', [
            'ExitCode[ExitCode["Success"] = 0] = "Success"',
            'ExitCode[ExitCode["Failure"] = 1] = "Failure"'
          ]),
          tsEnum('Kind', ['Kind["Plain"] = "plain"']),
          tsEnum('Read', ['Read[Read["One"] = 1] = "One"']),
          tsEnum('Acts', ['Acts[Acts["Now"] = 0] = "Now"', 'process.exitCode = 1']),
          tsEnum('Computed', ['Computed["Now"] = Date.now()']),
          'var Bare;',
          'function use() { return Read.One }'
        ].join('\n')
      ),
      section('./src/oidc.ts', '__exports.use = use;')
    )
    const { code: left, dropped } = dropDeadModules(code, REVIEWED)
    expect(dropped).toEqual([
      './node_modules/pkg/lib/core.js: ExitCode',
      './node_modules/pkg/lib/core.js: Kind'
    ])
    expect(left).not.toMatch(/ExitCode|Kind/)
    expect(left).toContain(tsEnum('Read', ['Read[Read["One"] = 1] = "One"']))
    expect(left).toContain('process.exitCode = 1;\n})(Acts || (Acts = {}));')
    expect(left).toContain('Computed["Now"] = Date.now();\n})(Computed || (Computed = {}));')
    expect(left).toContain('var Bare;')
  })

  it('drops the built-in modules only dropped code used', () => {
    const code = chunk(
      'var external_fs_ = __require(896);\nvar external_os_ = __require(857);',
      section(
        './node_modules/pkg/lib/file.js',
        'function write() { external_fs_.appendFileSync() }'
      ),
      section('./node_modules/pkg/lib/eol.js', 'const eol = external_os_.EOL;'),
      section('./src/oidc.ts', '__exports.eol = eol;')
    )
    const { code: left, dropped } = dropDeadModules(code, REVIEWED)
    expect(dropped).toEqual(['./node_modules/pkg/lib/file.js', 'external: external_fs_'])
    expect(left).not.toContain('external_fs_')
    expect(left).toContain('var external_os_ = __require(857);')
  })
})
