// Docs that cannot drift: the README's inputs and outputs tables against action.yml, and the
// checker itself against every kind of drift it claims to catch.
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { format, resolveConfig } from 'prettier'
import { parse, parseAllDocuments } from 'yaml'
import { ACTION_YML, README, actionRows, docsDrift, regenerate } from '../scripts/docs.mjs'
import { unknownNeedsReads, unknownStepReads } from '../scripts/expression-reads.mjs'
import { type InputSource, configWarnings, readConfig, readExportEnv } from '../src/config.js'
import { checkRevokeWithIssuer, readLifecycleOptions } from '../src/lifecycle-config.js'
import { privateKeyPem } from './support/keys.js'
import { TestPki } from './support/pki.js'

const readme = readFileSync(README, 'utf8')
/** The pages in docs/ that the README's detail lives in (docs/performance.md among them). */
const DOC_PAGES = readdirSync(join(import.meta.dirname, '..', 'docs'))
  .filter(name => name.endsWith('.md'))
  .map(name => `docs/${name}`)
const actionYml = readFileSync(ACTION_YML, 'utf8')

/** As `npm run docs` formats the README: with the project's Prettier settings. */
const prettify = async (markdown: string): Promise<string> =>
  format(markdown, { ...(await resolveConfig(README)), filepath: README })

/** action.yml with one line replaced; fails loudly if the line is not there. */
function actionWith(from: string, to: string): string {
  expect(actionYml).toContain(from)
  return actionYml.replace(from, to)
}

describe('README tables', () => {
  it('match action.yml: names, required flags, defaults and descriptions', () => {
    // On failure each line names the row that differs; `npm run docs` regenerates the tables.
    expect(docsDrift(readme, actionYml)).toEqual([])
  })

  it("declare the defaults the issues' tables and text name", () => {
    const { inputs } = parse(actionYml) as { inputs: Record<string, { default?: string }> }
    const defaults = Object.fromEntries(
      Object.entries(inputs)
        .filter(([, input]) => input.default !== undefined)
        .map(([name, input]) => [name, input.default])
    )
    expect(defaults).toEqual({
      'token-path': '/oauth/token',
      'body-format': 'json',
      'client-auth': 'body',
      'export-env': 'ACCESS_TOKEN',
      timeout: '30',
      retries: '3',
      'allow-insecure-http': 'false',
      revoke: 'false',
      'revoke-path': '/oauth/revoke',
      'token-file': 'false',
      'min-validity': '0',
      summary: 'true',
      'subject-token-type': 'urn:ietf:params:oauth:token-type:jwt'
    })
  })

  it('list every input and output of action.yml', () => {
    const action = parse(actionYml) as { inputs: object; outputs: object }
    const rows = actionRows(actionYml)
    expect(rows.inputs.map(row => row.name)).toEqual(Object.keys(action.inputs))
    expect(rows.outputs.map(row => row.name)).toEqual(Object.keys(action.outputs))
    for (const row of [...rows.inputs, ...rows.outputs]) {
      expect(readme).toContain(`| \`${row.name}\``)
    }
  })

  it('are what `npm run docs` would write', async () => {
    expect(await prettify(regenerate(readme, actionYml))).toBe(readme)
  })
})

describe('action.yml for the Marketplace', () => {
  const action = parse(actionYml) as {
    name: string
    description: string
    branding: { icon: string; color: string }
  }

  it('has a description under 125 characters', () => {
    expect(action.description.length).toBeLessThan(125)
  })

  it('has branding', () => {
    expect(action.branding).toEqual({ icon: 'lock', color: 'blue' })
  })
})

describe('scripts/docs.mjs as a command', () => {
  // A copy of the script beside a copy of the README and action.yml, so a run may rewrite them.
  const root = mkdtempSync(join(tmpdir(), 'docs-command-'))
  mkdirSync(join(root, 'scripts'))
  const script = join(root, 'scripts', 'docs.mjs')
  writeFileSync(script, readFileSync(join(dirname(README), 'scripts', 'docs.mjs')))
  writeFileSync(
    join(root, 'scripts', 'pins.mjs'),
    readFileSync(join(dirname(README), 'scripts', 'pins.mjs'))
  )
  writeFileSync(
    join(root, '.prettierrc.json'),
    readFileSync(join(dirname(README), '.prettierrc.json'))
  )
  symlinkSync(join(dirname(README), 'node_modules'), join(root, 'node_modules'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  const run = (readmeText: string, actionText: string, ...args: string[]) => {
    writeFileSync(join(root, 'README.md'), readmeText)
    writeFileSync(join(root, 'action.yml'), actionText)
    const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' })
    return { ...result, readme: readFileSync(join(root, 'README.md'), 'utf8') }
  }
  const drifted = () =>
    actionWith(
      "description: 'Path of the token endpoint, appended to host.'",
      "description: 'Path of the token endpoint.'"
    )

  it('with --check, passes tables that match and writes nothing', () => {
    const result = run(readme, actionYml, '--check')
    expect([result.status, result.stderr]).toEqual([0, ''])
    expect(result.readme).toBe(readme)
  })

  it('with --check, fails on drift, names the row and leaves the README as it was', () => {
    const result = run(readme, drifted(), '--check')
    expect(result.status).toBe(1)
    expect(result.stderr).toContain("README inputs table, row 'token-path': description is")
    expect(result.readme).toBe(readme)
  })

  it('with --check, fails on tables that match but are not laid out as generated', () => {
    const squeezed = readme.replace(/\| `token-path` +\|/, '| `token-path` |')
    expect(squeezed).not.toBe(readme)
    const result = run(squeezed, actionYml, '--check')
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(
      /^README\.md tables match action\.yml but are not laid out as generated; run `npm run docs`/
    )
    expect(result.readme).toBe(squeezed)
  })

  it('without --check, regenerates the tables from action.yml', () => {
    const result = run(readme, drifted())
    expect([result.status, result.stdout]).toEqual([
      0,
      'README.md tables regenerated from action.yml.\n'
    ])
    expect(docsDrift(result.readme, drifted())).toEqual([])
    expect(result.readme).toContain('Path of the token endpoint. ')
  })

  it("without --check, copies the workflows' pins into the docs, which Dependabot leaves as they were", () => {
    const pin = 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1'
    const old = 'actions/checkout@0123456789abcdef0123456789abcdef01234567 # v6.0.0'
    mkdirSync(join(root, '.github', 'workflows'), { recursive: true })
    mkdirSync(join(root, 'docs', 'recipes'), { recursive: true })
    writeFileSync(join(root, '.github', 'workflows', 'ci.yml'), `steps:\n  - uses: ${pin}\n`)
    const recipe = join(root, 'docs', 'recipes', 'r.md')
    writeFileSync(recipe, `# R\n\n\`\`\`yaml\n      - uses: ${old}\n\`\`\`\n`)
    try {
      const result = run(readme, actionYml)
      expect([result.status, result.stdout]).toEqual([
        0,
        'README.md tables already match action.yml.\ndocs/recipes/r.md: third-party actions pinned as .github/workflows/ pin them.\n'
      ])
      expect(readFileSync(recipe, 'utf8')).toBe(`# R\n\n\`\`\`yaml\n      - uses: ${pin}\n\`\`\`\n`)
      // --check leaves them to npm run lint, which names each.
      writeFileSync(recipe, `      - uses: ${old}\n`)
      expect(run(readme, actionYml, '--check').status).toBe(0)
      expect(readFileSync(recipe, 'utf8')).toBe(`      - uses: ${old}\n`)
    } finally {
      rmSync(join(root, '.github'), { recursive: true })
      rmSync(join(root, 'docs'), { recursive: true })
    }
  })

  it('refuses an argument it does not know, writing nothing', () => {
    const result = run(readme, drifted(), '--chek')
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/^unknown argument "--chek": run `npm run docs`/)
    expect(result.readme).toBe(readme)
  })

  it('with --check, reports drift alone, without a line on the layout', () => {
    const result = run(readme, drifted(), '--check')
    expect(result.status).toBe(1)
    expect(result.stderr).not.toContain('not laid out as generated')
  })

  it('refuses an empty argument, writing nothing', () => {
    const result = run(readme, drifted(), '')
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/^unknown argument "": run `npm run docs`/)
    expect(result.readme).toBe(readme)
  })
})

describe('docsDrift', () => {
  const fix = 'run `npm run docs` to regenerate the tables from action.yml'

  it('names an input whose description changed, and both texts', () => {
    const changed = actionWith(
      "description: 'Path of the token endpoint, appended to host.'",
      "description: 'Path of the token endpoint.'"
    )
    expect(docsDrift(readme, changed)).toEqual([
      `README inputs table, row 'token-path': description is "Path of the token endpoint, appended to host." but action.yml has "Path of the token endpoint."; ${fix}`
    ])
  })

  it('names a changed default and a changed required flag', () => {
    const changed = actionWith("default: '30'", "default: '60'").replace(
      /(ca-certificate:\n\s+description: .*\n\s+required:) false/,
      '$1 true'
    )
    expect(docsDrift(readme, changed)).toEqual([
      `README inputs table, row 'timeout': default is "30" but action.yml has "60"; ${fix}`,
      `README inputs table, row 'ca-certificate': required is "no" but action.yml has "yes"; ${fix}`
    ])
  })

  it('names an input added to action.yml but not to the README', () => {
    const added = actionWith(
      '\noutputs:\n',
      "  brand-new-input:\n    description: 'Not documented yet.'\n    required: false\n\noutputs:\n"
    )
    expect(docsDrift(readme, added)).toEqual([
      `README inputs table: no row for input 'brand-new-input' of action.yml; ${fix}`
    ])
  })

  it('names a README row that action.yml does not have', () => {
    const removed = actionWith(
      "  id-token:\n    description: 'The OpenID Connect ID token, if returned.'\n",
      ''
    )
    expect(docsDrift(readme, removed)).toEqual([
      "README outputs table: row 'id-token' is not an output in action.yml; remove it or add the output to action.yml"
    ])
  })

  it('names rows out of order', () => {
    const first = "  access-token:\n    description: 'The raw access token (masked in logs).'\n"
    const second =
      "  token-type:\n    description: 'The token type as returned (Bearer when the server omits it).'\n"
    const swapped = actionWith(first + second, second + first)
    const names = actionRows(actionYml).outputs.map(row => row.name)
    expect(names.slice(0, 2)).toEqual(['access-token', 'token-type'])
    const swappedNames = ['token-type', 'access-token', ...names.slice(2)]
    expect(docsDrift(readme, swapped)).toEqual([
      `README outputs table: rows are in the order ${names.join(', ')}; action.yml has ${swappedNames.join(', ')}; ${fix}`
    ])
  })

  it('says where the markers are missing', () => {
    const unmarked = readme.replace('<!-- outputs:start -->', '')
    expect(docsDrift(unmarked, actionYml)).toEqual([
      'README.md has no <!-- outputs:start --> ... <!-- outputs:end --> block; add one where the table belongs'
    ])
  })

  it("tells a default of '' from none, both ways", async () => {
    const emptied = actionWith("default: 'ACCESS_TOKEN'", "default: ''")
    const regenerated = await prettify(regenerate(readme, emptied))
    expect(regenerated).toMatch(/^\| `export-env` +\| no +\| `''` +\|/m)
    expect(docsDrift(regenerated, emptied)).toEqual([])
    const none = actionWith("    default: 'ACCESS_TOKEN'\n", '')
    expect(docsDrift(regenerated, none)).toEqual([
      `README inputs table, row 'export-env': default is "''" but action.yml has ""; ${fix}`
    ])
    expect(docsDrift(await prettify(regenerate(readme, none)), emptied)).toEqual([
      `README inputs table, row 'export-env': default is "" but action.yml has "''"; ${fix}`
    ])
  })

  it('takes a description written over several lines, or with two spaces, as the one line its cell is', async () => {
    const changed = actionWith(
      "description: 'Path of the token endpoint, appended to host.'",
      'description: |\n      Path of the token endpoint,\n      appended  to host.\n'
    )
    expect(actionRows(changed).inputs.find(row => row.name === 'token-path')?.description).toBe(
      'Path of the token endpoint, appended to host.'
    )
    expect(docsDrift(readme, changed)).toEqual([])
    expect(docsDrift(await prettify(regenerate(readme, changed)), changed)).toEqual([])
  })

  it('keeps Markdown-special text exact through a regeneration and Prettier', async () => {
    const tricky =
      'A | pipe, <token>, *stars*, _under_ and snake_case, [link](x), `code` and a \\ backslash.'
    const changed = actionWith(
      "description: 'The granted scope, if returned.'",
      `description: '${tricky}'`
    )
    const regenerated = await prettify(regenerate(readme, changed))
    expect(docsDrift(regenerated, changed)).toEqual([])
    expect(regenerated).toContain(
      'A \\| pipe, \\<token\\>, \\*stars\\*, \\_under\\_ and snake_case'
    )
    // The un-regenerated README disagrees with it, naming the row.
    expect(docsDrift(readme, changed)).toEqual([
      `README outputs table, row 'scope': description is "The granted scope, if returned." but action.yml has ${JSON.stringify(tricky)}; ${fix}`
    ])
  })
})

describe('the docs around the code', () => {
  const root = join(import.meta.dirname, '..')
  const text = (path: string): string => readFileSync(join(root, path), 'utf8')

  it('the README links every recipe, and the recipes cover the servers and uses the issue lists', () => {
    const recipes = readdirSync(join(root, 'docs', 'recipes')).filter(name => name !== 'README.md')
    expect(recipes).toEqual(
      expect.arrayContaining([
        'auth0.md',
        'calling-the-api.md',
        'entra-id.md',
        'form-basic.md',
        'keycloak.md',
        'later-job.md',
        'okta.md',
        'seed-api.md'
      ])
    )
    const index = text('docs/recipes/README.md')
    for (const recipe of recipes) {
      expect(readme).toContain(`(docs/recipes/${recipe})`)
      expect(index).toContain(`(${recipe})`)
    }
  })

  it('CHANGELOG.md has a section for the version in package.json', () => {
    const { version } = JSON.parse(text('package.json')) as { version: string }
    expect(text('CHANGELOG.md')).toMatch(
      new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm')
    )
  })

  it('CONTRIBUTING.md gives the two commands; LICENSE is MIT as package.json says', () => {
    expect(text('CONTRIBUTING.md')).toContain('npm ci && npm run demo')
    expect(text('CONTRIBUTING.md')).toContain('npm test ')
    expect(text('LICENSE')).toMatch(/^MIT License\n/)
    expect(JSON.parse(text('package.json'))).toHaveProperty('license', 'MIT')
  })

  // Issue 6: the bench's latest figures, on Node 20 and Node 24, beside the existing token
  // actions' (measured on the same loopback server), and the command that reproduces them.
  it("the README's Performance section: npm run bench's table, the peers' figures, the command", () => {
    const section =
      /<!-- performance:start -->\n([\s\S]*?)<!-- performance:end -->\n([\s\S]*?)\n## /.exec(readme)
    const [, figures = '', after = ''] = section ?? []
    const rows = figures
      .split('\n')
      .filter(line => line.startsWith('|'))
      .map(line =>
        line
          .split('|')
          .slice(1, -1)
          .map(cell => cell.trim())
      )
    expect(rows).toContainEqual([
      'runtime',
      'action',
      'bare Node',
      'wall time',
      'action',
      'bare Node',
      'peak memory'
    ])
    // A row a runtime, as npm run bench prints it: each ratio beside the target.
    const ratio = (target: number): RegExp =>
      new RegExp(
        `^\\*\\*\\d\\.\\d{3}x\\*\\* \\(target ≤ ${String(target).replace('.', '\\.')}x\\)$`
      )
    for (const [major, wall] of [
      [20, 1.12],
      [24, 1.2]
    ]) {
      const row = rows.find(cells => cells[0]?.startsWith(`Node ${major}.`)) ?? []
      expect(row).toHaveLength(7)
      expect(row[3]).toMatch(ratio(wall ?? 0))
      expect(row[6]).toMatch(ratio(1.05))
    }
    expect(rows).toContainEqual(['the existing token actions', '1.8x to 3.6x', '52 to 87 MiB'])
    expect(rows.find(cells => cells[0]?.startsWith('this action'))).toHaveLength(3)
    expect(after).toMatch(/^```sh\nnpm run bench +# /m)
    expect(JSON.parse(text('package.json')).scripts.bench).toBe('node scripts/bench.mjs')
  })

  it('the README and CONTRIBUTING.md run only scripts that package.json has', () => {
    const { scripts } = JSON.parse(text('package.json')) as { scripts: Record<string, string> }
    const named = (file: string): string[] =>
      [...text(file).matchAll(/\bnpm run ([\w:-]+)/g)].map(match => match[1] ?? '')
    for (const file of ['README.md', 'CONTRIBUTING.md']) {
      expect(named(file).length).toBeGreaterThan(0)
    }
    // The README's pages in docs/ too, which may name none.
    for (const file of ['README.md', 'CONTRIBUTING.md', ...DOC_PAGES]) {
      expect(named(file).filter(name => !Object.hasOwn(scripts, name))).toEqual([])
    }
  })

  // A link into a file that moved, or to a heading reworded since, goes nowhere on GitHub.
  it('every relative link in the Markdown docs names a file that exists, and a heading it has', () => {
    const docs = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', 'CHANGELOG.md', ...DOC_PAGES]
    expect(docs).toContain('docs/performance.md')
    docs.push(...readdirSync(join(root, 'docs', 'recipes')).map(name => `docs/recipes/${name}`))
    const links = docs.flatMap(file => markdownLinks(text(file)).map(link => ({ file, link })))
    expect(links.length).toBeGreaterThan(50)
    const broken = links.filter(({ file, link }) => {
      const [path = '', anchor] = link.split('#')
      const target = path ? join(dirname(file), path) : file
      if (!existsSync(join(root, target))) return true
      return anchor !== undefined && !headingAnchors(text(target)).includes(anchor)
    })
    expect(broken).toEqual([])
  })

  it("reads headings' anchors as GitHub makes them, and finds the links outside code", () => {
    const doc = [
      "# A host's empty parts, and invisible characters in names (2026-12-04)",
      '## What one run of `npm run bench` can tell',
      '## Notes',
      '```md',
      '## Not a heading [x](nowhere.md)',
      '```',
      '## Notes',
      'See [it](#notes-1), [the bench](docs/performance.md#what), [site](https://example.com/a.md).'
    ].join('\n')
    expect(headingAnchors(doc)).toEqual([
      'a-hosts-empty-parts-and-invisible-characters-in-names-2026-12-04',
      'what-one-run-of-npm-run-bench-can-tell',
      'notes',
      'notes-1'
    ])
    expect(markdownLinks(doc)).toEqual(['#notes-1', 'docs/performance.md#what'])
  })

  it('the README says how to run the action locally', () => {
    const local = readme.split('\n## Running it locally\n')[1]?.split('\n## ')[0] ?? ''
    for (const command of ['npm run seed-server', 'cp .env.example .env', 'npm run local-action']) {
      expect(local).toContain(command)
    }
  })

  it.each([
    ['seed-api.md', { username: expect.any(String), password: expect.any(String) }],
    ['keycloak.md', { 'body-format': 'form' }],
    ['auth0.md', { audience: expect.any(String) }],
    ['okta.md', { 'body-format': 'form', 'client-auth': 'basic' }],
    ['entra-id.md', { 'body-format': 'form', scope: expect.stringMatching(/\/\.default$/) }],
    ['form-basic.md', { 'body-format': 'form', 'client-auth': 'basic' }]
  ])(
    'the %s recipe is a complete workflow giving the action what its server needs',
    (file, given) => {
      const block = /^```ya?ml\n([\s\S]*?)^```$/m.exec(text(`docs/recipes/${file}`))?.[1] ?? ''
      const workflow = parse(block) as {
        on?: unknown
        jobs?: Record<string, { steps?: { uses?: string; with?: object }[] }>
      }
      expect(workflow.on).toBeDefined()
      const step = Object.values(workflow.jobs ?? {})
        .flatMap(job => job.steps ?? [])
        .find(candidate => candidate.uses === 'your-org/oauth2-token-action@v1')
      expect(step?.with).toMatchObject(given)
    }
  )

  it('the later-job recipe says why a masked output cannot cross jobs, and hands the token over', () => {
    const recipe = text('docs/recipes/later-job.md')
    expect(recipe).toContain("`Skip output 'token' since it may contain secret`")
    expect(recipe).toMatch(/\$\{\{ needs\.[\w-]+\.outputs\.handoff \}\}/)
  })

  it('the calling-the-api recipe calls the API with curl and from a test runner', () => {
    const recipe = text('docs/recipes/calling-the-api.md')
    const blocks = [...recipe.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map(
      ([, language, body]) => ({
        language,
        body: body ?? ''
      })
    )
    const curl = blocks.filter(block => block.language === 'yaml' && /\bcurl\b/.test(block.body))
    expect(curl.some(block => block.body.includes('Authorization: Bearer $ACCESS_TOKEN'))).toBe(
      true
    )
    const runners = blocks.filter(block => ['ts', 'python'].includes(block.language ?? ''))
    expect(runners.filter(block => block.body.includes('ACCESS_TOKEN')).length).toBeGreaterThan(0)
  })

  it('SECURITY.md: what is masked, what never leaves the runner, the threat model, how to report', () => {
    const security = text('SECURITY.md')
    const headings = [...security.matchAll(/^## (.*)$/gm)].map(match => match[1])
    expect(headings).toEqual(
      expect.arrayContaining([
        'Reporting a vulnerability',
        'What is masked, and when',
        'What never leaves the runner',
        'Threat model'
      ])
    )
    const threats = security.split('\n## Threat model\n')[1]?.split('\n## ')[0] ?? ''
    for (const threat of [
      'A malicious or compromised token endpoint',
      'A redirect',
      'A proxy',
      'Log scraping'
    ]) {
      expect(threats).toMatch(new RegExp(`^\\| \\*\\*${threat}\\*\\*`, 'm'))
    }
  })

  it('CHANGELOG.md follows Keep a Changelog: [Unreleased], then versions with dates, each linked', () => {
    const changelog = text('CHANGELOG.md')
    expect(changelog).toContain('[Keep a Changelog](https://keepachangelog.com/')
    const headings = [...changelog.matchAll(/^## (.*)$/gm)].map(match => match[1] ?? '')
    expect(headings[0]).toBe('[Unreleased]')
    for (const heading of headings.slice(1)) {
      expect(heading).toMatch(/^\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}$/)
    }
    for (const heading of headings) {
      const name = /^\[([^\]]+)\]/.exec(heading)?.[1] ?? heading
      expect(changelog).toContain(`\n[${name}]: https://`)
    }
  })

  it('CONTRIBUTING.md says how to add a test and how to release', () => {
    const contributing = text('CONTRIBUTING.md')
    const section = (title: string) =>
      contributing.split(`\n## ${title}\n`)[1]?.split('\n## ')[0] ?? ''
    expect(section('How to add a test')).toContain('__tests__/')
    expect(section('How to release')).toContain('script/release X.Y.Z')
  })

  it('the README examples use @v1 of your-org/oauth2-token-action', () => {
    const uses = [...readme.matchAll(/^\s*(?:- )?uses: (\S*oauth2-token-action\S*)/gm)].map(
      match => match[1]
    )
    expect(uses.length).toBeGreaterThan(5)
    expect(new Set(uses)).toEqual(new Set(['your-org/oauth2-token-action@v1']))
    // And so do the examples moved from the README into docs/.
    const moved = DOC_PAGES.flatMap(page =>
      [...text(page).matchAll(/^\s*(?:- )?uses: (\S*oauth2-token-action\S*)/gm)].map(
        match => match[1]
      )
    )
    expect(new Set(moved)).toEqual(new Set(['your-org/oauth2-token-action@v1']))
  })
})

describe("the docs' examples, taken literally", () => {
  // `npm run lint` checks that each example gives this action only inputs it defines; this checks
  // the values: each step, its expressions given values of the kind they name, passes the action's
  // own input checks as the runner would run it (action.yml's defaults under the step's inputs and
  // its job's env), with no warning.
  const root = join(import.meta.dirname, '..')
  const { inputs: declared } = parse(actionYml) as {
    inputs: Record<string, { default?: string }>
  }
  const defaults = Object.fromEntries(
    Object.entries(declared).map(([name, input]) => [name, input.default ?? ''])
  )
  const pki = new TestPki()
  afterAll(() => pki.cleanup())
  const values: Record<string, string> = {
    'vars.TENANT_ID': '72f988bf-86f1-41af-91ab-2d7cd011db47',
    'vars.INTERNAL_CA_PEM': pki.authority('internal-ca').cert,
    'secrets.KEYCLOAK_CLIENT_KEY': privateKeyPem('rsa', 'pkcs8'),
    'secrets.OKTA_PRIVATE_KEY': privateKeyPem('ec', 'sec1'),
    'secrets.TOKEN_HANDOFF_KEY': 'q4Vn0bB3cJ9xT2sW8eL5mR1yA7uK6hZ0pD3fG9iN2oE=',
    'env.API_URL': 'https://api.example.com'
  }
  /** A made-up value of the kind an expression names; a hand-off is a real one's shape. */
  const valueOf = (expression: string): string =>
    values[expression] ??
    (/^needs\.[\w-]+\.outputs\.handoff$/.test(expression)
      ? 'AQAAAAAAAAAq'.padEnd(120, 'A')
      : `${expression.replace(/^\w+\./, '').toLowerCase()}-value-4f7c`)
  const substitute = (text: unknown): string =>
    String(text).replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) =>
      valueOf(expression)
    )

  interface Step {
    uses?: unknown
    with?: Record<string, unknown>
    env?: Record<string, unknown>
  }
  /** Steps using this action in a parsed block, each with the env: of its workflow, job and step. */
  function steps(
    value: unknown,
    env: Record<string, unknown> = {}
  ): [Step, Record<string, unknown>][] {
    if (Array.isArray(value)) return value.flatMap(item => steps(item, env))
    if (!value || typeof value !== 'object') return []
    const step = value as Step
    const scope = { ...env, ...(step.env ?? {}) }
    const own: [Step, Record<string, unknown>][] =
      typeof step.uses === 'string' && step.uses.startsWith('your-org/oauth2-token-action@')
        ? [[step, scope]]
        : []
    return [
      ...own,
      ...Object.entries(value)
        .filter(([key]) => key !== 'env')
        .flatMap(([, item]) => steps(item, scope))
    ]
  }

  const files = [
    'README.md',
    // The pages the README's detail moved into, and the recipes.
    ...DOC_PAGES,
    ...readdirSync(join(root, 'docs', 'recipes')).map(name => `docs/recipes/${name}`)
  ]
  const cases = files.flatMap(file => {
    const markdown = readFileSync(join(root, file), 'utf8')
    return [...markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].flatMap(match => {
      const line = markdown.slice(0, match.index).split('\n').length + 1
      const value = parseAllDocuments(match[1] ?? '')[0]?.toJS() as unknown
      return steps(value).map(([step, env], index) => ({
        where: `${file}:${line}#${index}`,
        step,
        env
      }))
    })
  })

  it('find the steps of every example', () => {
    expect(cases.length).toBeGreaterThan(25)
  })

  it('read only steps.<id> of an earlier step of their job, and needs.<job> of a job they need', () => {
    // As `npm run lint` checks them (scripts/expression-reads.mjs): a step whose id: went missing
    // hands a later step '' without a word from GitHub.
    const problems = files.flatMap(file => {
      const markdown = readFileSync(join(root, file), 'utf8')
      return [...markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].flatMap(match => {
        const line = markdown.slice(0, match.index).split('\n').length + 1
        const text = match[1] ?? ''
        return [...unknownStepReads(text, line), ...unknownNeedsReads(text, line)].map(
          problem => `${file}: ${problem}`
        )
      })
    })
    expect(problems).toEqual([])
  })

  it.each(cases)('$where passes the input checks without a warning', ({ step, env }) => {
    const given = Object.fromEntries(
      Object.entries(step.with ?? {}).map(([name, value]) => [name, substitute(value)])
    )
    const inputs: Record<string, string> = { ...defaults, ...given }
    const source: InputSource = {
      getInput: name => (inputs[name] ?? '').trim(),
      env: {
        ...Object.fromEntries(
          Object.entries(env).map(([name, value]) => [name, substitute(value)])
        ),
        ...Object.fromEntries(
          Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
        )
      }
    }
    const lifecycle = readLifecycleOptions(source)
    // A receiving step (handoff) reads only export-env besides; a minting step, every input.
    const warnings = (): string[] => {
      if (lifecycle.handoff) {
        readExportEnv(source)
        return []
      }
      const config = readConfig(source)
      checkRevokeWithIssuer(lifecycle, config.issuer)
      return configWarnings(source, config)
    }
    expect(warnings()).toEqual([])
  })
})

/** The relative links of a Markdown text, outside fenced code: path, #heading or both. */
function markdownLinks(markdown: string): string[] {
  return [...withoutFencedCode(markdown).matchAll(/\]\(([^)\s]+)\)/g)]
    .map(match => match[1] ?? '')
    .filter(link => !/^[a-z]+:/i.test(link))
}

/**
 * The anchors GitHub gives a Markdown text's headings: in lower case, without punctuation (code
 * marks and links' targets dropped), spaces as dashes, and -1, -2 after a repeated one.
 */
function headingAnchors(markdown: string): string[] {
  const seen = new Map<string, number>()
  return [...withoutFencedCode(markdown).matchAll(/^#{1,6} +(.+)$/gm)].map(match => {
    const slug = (match[1] ?? '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    return count ? `${slug}-${count}` : slug
  })
}

/** A Markdown text without its fenced code blocks, whose lines are neither links nor headings. */
function withoutFencedCode(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '')
}
