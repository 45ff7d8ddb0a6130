// The workflows do what issue 7 asks, and `npm run lint` (scripts/lint-workflows.mjs) catches a
// broken action.yml, workflow, dependabot.yml or docs example, naming the file and line.
import { truthy } from '@actions/expressions/result'
import { afterEach, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { parse } from 'yaml'
import { evaluate, interpolate } from '../scripts/run-workflow.mjs'
import { otherPins, withWorkflowPins, workflowPins } from '../scripts/pins.mjs'

const ROOT = join(import.meta.dirname, '..')
const LINT = join(ROOT, 'scripts', 'lint-workflows.mjs')
const CHECKOUT = 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1'
const GOOD_WORKFLOW = `name: Good
on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - name: Check out
        uses: ${CHECKOUT}
      - name: Get a token
        id: token
        uses: ./
        with:
          client-id: x
      - name: Use it
        run: echo "\${{ steps.token.outputs.token-type }}"
`
const ACTION_YML = readFileSync(join(ROOT, 'action.yml'), 'utf8')
const dirs: string[] = []

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function lint(root?: string) {
  const result = spawnSync(process.execPath, root ? [LINT, root] : [LINT], { cwd: ROOT })
  return { code: result.status, stdout: result.stdout.toString(), stderr: result.stderr.toString() }
}

/** A tree with this repository's action.yml, one good workflow and a README; `files` replace. */
function lintTree(files: Record<string, string | undefined>) {
  const root = mkdtempSync(join(tmpdir(), 'lint-workflows-'))
  dirs.push(root)
  const tree = {
    'action.yml': ACTION_YML,
    'dist/index.js': '',
    'dist/post.js': '',
    'a.js': '',
    '.github/workflows/good.yml': GOOD_WORKFLOW,
    'README.md': '# Readme\n',
    ...files
  }
  for (const [path, text] of Object.entries(tree)) {
    if (text === undefined) continue
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return lint(root)
}

describe('npm run lint: workflows, action.yml and docs examples', () => {
  // A file that is not YAML is one line that names it, not a stack trace that names none.
  it.each([
    [
      'action.yml',
      ACTION_YML.replace(/icon: '?lock'?/, "icon: 'lock"),
      "(Line: 5) the YAML does not parse: Missing closing 'quote"
    ],
    [
      '.github/workflows/good.yml',
      GOOD_WORKFLOW.replace(
        '      - name: Check out\n',
        '      - name: Check out\n        name: Again\n'
      ),
      '(Line: 10) the YAML does not parse: Map keys must be unique'
    ],
    [
      '.github/dependabot.yml',
      'version: 2\nupdates:\n  - package-ecosystem: npm\n\tdirectory: /\n',
      '(Line: 4) the YAML does not parse: Tabs are not allowed as indentation'
    ]
  ])('fails in one line on a %s that is not YAML', (file, text, message) => {
    expect(lintTree({ [file]: text })).toEqual({
      code: 1,
      stdout: '',
      stderr: `${file}: ${message}\n1 problem(s) in action.yml, workflows or examples.\n`
    })
  })

  it('passes on this repository', () => {
    expect(lint()).toEqual({
      code: 0,
      stdout: 'action.yml, workflows, dependabot.yml and the docs examples are valid.\n',
      stderr: ''
    })
  })

  it('passes on a good tree', () => {
    expect(lintTree({}).code).toBe(0)
  })

  it('takes a post-if that reads any context or hashFiles', () => {
    const condition = "always() && (vars.X == '1' || matrix.os != '' || hashFiles('x') != '')"
    const action = ACTION_YML.replace("post-if: 'always()'", `post-if: "${condition}"`)
    expect(lintTree({ 'action.yml': action }).code).toBe(0)
  })

  it('names the line of each bad output, job by job', () => {
    const jobs = `  b:
    runs-on: ubuntu-latest
    steps:
      - id: token
        uses: ./
      - run: echo "\${{ steps.token.outputs.nope }}"
      - run: echo "\${{ steps.token.outputs.nope }}"
  c:
    runs-on: ubuntu-latest
    steps:
      - id: token
        uses: ./
      - run: echo "\${{ steps.token.outputs.nada }}"
`
    const run = lintTree({ '.github/workflows/good.yml': `${GOOD_WORKFLOW}${jobs}` })
    expect(run.stderr.split('\n').filter(line => line.includes('not an output'))).toEqual([
      ".github/workflows/good.yml: (Line: 23) 'nope' is not an output of this action (see action.yml)",
      ".github/workflows/good.yml: (Line: 24) 'nope' is not an output of this action (see action.yml)",
      ".github/workflows/good.yml: (Line: 30) 'nada' is not an output of this action (see action.yml)"
    ])
  })

  it("reads another job's step of the same id as another action's", () => {
    const other = `  other:
    runs-on: ubuntu-latest
    steps:
      - id: token
        uses: ${CHECKOUT}
      - run: echo "\${{ steps.token.outputs.ref }}"
`
    expect(lintTree({ '.github/workflows/good.yml': `${GOOD_WORKFLOW}${other}` })).toEqual({
      code: 0,
      stdout: 'action.yml, workflows, dependabot.yml and the docs examples are valid.\n',
      stderr: ''
    })
  })

  it.each([
    [
      "a reusable workflow's caller, whose outputs come from that workflow",
      `# X\n\n\`\`\`yaml\non: push\njobs:\n  call:\n    uses: ./.github/workflows/mint.yml\n  next:\n    needs: call\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "\${{ needs.call.outputs.handoff }}"\n\`\`\`\n`
    ],
    [
      "another job's output in another case, as expressions compare names",
      `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW}    outputs:\n      handoff: \${{ steps.token.outputs.handoff }}\n  next:\n    needs: test\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "\${{ needs.Test.outputs.HandOff }}"\n\`\`\`\n`
    ],
    [
      'a reusable workflow giving github-oidc, with the permissions its caller grants',
      `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW.replace('on: push', 'on: workflow_call').replace('permissions:\n  contents: read\n', '').replace('client-id: x', 'client-id: x\n          client-auth: github-oidc')}\`\`\`\n`
    ],
    [
      'steps read by ids in another case, in a bare if:, and named in a string',
      `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW}      - if: steps.Token.outcome == 'success' && 'steps.none' != ''\n        run: echo "\${{ steps.TOKEN.outputs.token-type }}"\n\`\`\`\n`
    ],
    [
      "a job's outputs: reading a step of the job, and a job reading a job its needs: lists",
      `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW}    outputs:\n      handoff: \${{ steps.token.outputs.handoff }}\n  next:\n    needs: [test]\n    if: needs.test.result == 'success'\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "\${{ needs.test.outputs.handoff }}"\n\`\`\`\n`
    ],
    [
      'a recipe pinning an action as the workflows do, and one they do not use at its own pin',
      `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW}      - uses: actions/cache@0123456789abcdef0123456789abcdef01234567 # v4.2.0\n\`\`\`\n`
    ],
    [
      "the action pinned to a release's commit SHA",
      `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW.replace('uses: ./', 'uses: your-org/oauth2-token-action@0123456789abcdef0123456789abcdef01234567 # v1.2.3')}\`\`\`\n`
    ]
  ])('passes %s', (_, recipe) => {
    expect(lintTree({ 'docs/recipes/x.md': recipe })).toEqual({
      code: 0,
      stdout: 'action.yml, workflows, dependabot.yml and the docs examples are valid.\n',
      stderr: ''
    })
  })

  it('checks a README fragment that starts with --- with a trigger after the marker', () => {
    const fragment =
      '# R\n\n```yaml\n---\njobs:\n  a:\n    run-on: ubuntu-latest\n    steps:\n      - uses: your-org/oauth2-token-action@v1\n```\n'
    const run = lintTree({ 'README.md': fragment })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      "README.md: (Line: 4) workflow: (Line: 4, Col: 5): Unexpected value 'run-on'"
    )
  })

  it.each([
    [
      'a branding icon the Marketplace does not have',
      {
        'action.yml':
          'name: x\ndescription: y\nruns:\n  using: node24\n  main: a.js\nbranding:\n  icon: key\n  color: blue\n'
      },
      "action.yml: (Line: 7, Col: 9): Unexpected value 'key'"
    ],
    [
      'a runs.main that names no file',
      { 'dist/index.js': undefined },
      'action.yml: runs.main: dist/index.js is not a file (build it with npm run bundle?)'
    ],
    [
      'a runs.post that names no file',
      { 'action.yml': ACTION_YML.replace('dist/post.js', 'dist/missing-post.js') },
      'action.yml: runs.post: dist/missing-post.js is not a file (build it with npm run bundle?)'
    ],
    [
      'a runs.main that names a directory',
      { 'action.yml': ACTION_YML.replace("main: 'dist/index.js'", "main: 'dist'") },
      'action.yml: runs.main: dist is not a file (build it with npm run bundle?)'
    ],
    [
      'a post-if that does not parse',
      { 'action.yml': ACTION_YML.replace("post-if: 'always()'", "post-if: 'always('") },
      "action.yml: runs.post-if: 'always(' is not a valid expression"
    ],
    [
      'a post-if with a stray operator',
      { 'action.yml': ACTION_YML.replace("post-if: 'always()'", "post-if: 'success() |||'") },
      "action.yml: runs.post-if: 'success() |||' is not a valid expression"
    ],
    [
      'a post-if that calls a function GitHub does not have',
      { 'action.yml': ACTION_YML.replace("post-if: 'always()'", "post-if: '${{ finished() }}'") },
      "action.yml: runs.post-if: '${{ finished() }}' is not a valid expression"
    ],
    [
      'an action.yml without a description',
      { 'action.yml': 'name: x\nruns:\n  using: node24\n  main: a.js\n' },
      'action.yml: (Line: 1, Col: 1): Required property is missing: description'
    ],
    [
      'a step key that does not exist',
      { '.github/workflows/good.yml': GOOD_WORKFLOW.replace('run: echo', 'runs: echo') },
      "good.yml: (Line: 17, Col: 9): Unexpected value 'runs'"
    ],
    [
      'a misspelt context in an expression',
      { '.github/workflows/good.yml': GOOD_WORKFLOW.replace('steps.token', 'stepz.token') },
      "good.yml: (Line: 17, Col: 14): Unrecognized named-value: 'stepz'"
    ],
    [
      'a job that needs a job the workflow does not have',
      {
        '.github/workflows/good.yml': `${GOOD_WORKFLOW}  receive:\n    needs: nosuchjob\n    runs-on: ubuntu-latest\n    steps:\n      - name: Receive\n        run: echo\n`
      },
      ".github/workflows/good.yml: (Line: 19, Col: 12): Job 'receive' depends on unknown job 'nosuchjob'."
    ],
    [
      'a step id used twice in a job',
      {
        '.github/workflows/good.yml': GOOD_WORKFLOW.replace(
          '- name: Use it\n',
          '- name: Use it\n        id: token\n'
        )
      },
      ".github/workflows/good.yml: (Line: 17, Col: 13): The identifier 'token' may not be used more than once within the same scope."
    ],
    [
      'a workflow giving the action (uses: ./) an input it does not have',
      {
        '.github/workflows/good.yml': GOOD_WORKFLOW.replace(
          'client-id: x',
          'client-id: x\n          handof-key: x'
        )
      },
      ".github/workflows/good.yml: (Line: 16) 'handof-key' is not an input of this action (see action.yml)"
    ],
    [
      'a workflow giving the action (uses: .) an input it does not have',
      {
        '.github/workflows/good.yml': GOOD_WORKFLOW.replace(
          'uses: ./\n        with:\n          client-id: x',
          'uses: .\n        with:\n          client_id: x'
        )
      },
      ".github/workflows/good.yml: (Line: 15) 'client_id' is not an input of this action (see action.yml)"
    ],
    [
      'a README fragment whose job needs a job the fragment does not have',
      {
        'README.md':
          '# R\n\n```yaml\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n  b:\n    needs: [a, c]\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n```\n'
      },
      "README.md: (Line: 4) workflow: (Line: 7, Col: 16): Job 'b' depends on unknown job 'c'."
    ],
    [
      'a workflow reading a step id that no step has',
      {
        '.github/workflows/good.yml': GOOD_WORKFLOW.replace(
          'steps.token.outputs',
          'steps.tokn.outputs'
        )
      },
      ".github/workflows/good.yml: (Line: 17) job 'test' reads steps.tokn, but no step before it has id: tokn"
    ],
    [
      "a workflow reading a step id that no step has, in the index form steps['id']",
      {
        '.github/workflows/good.yml': GOOD_WORKFLOW.replace(
          'steps.token.outputs',
          "steps[ 'tokn' ].outputs"
        )
      },
      ".github/workflows/good.yml: (Line: 17) job 'test' reads steps.tokn, but no step before it has id: tokn"
    ],
    [
      "a step's bare, quoted if: reading a step that runs after it",
      {
        '.github/workflows/good.yml': GOOD_WORKFLOW.replace(
          '      - name: Check out\n',
          '      - name: Check out\n        if: "steps.token.outcome != \'failure\'"\n'
        )
      },
      ".github/workflows/good.yml: (Line: 10) job 'test' reads steps.token, but no step before it has id: token"
    ],
    [
      "a job's outputs: reading a step id the job does not have",
      {
        '.github/workflows/good.yml': `${GOOD_WORKFLOW}    outputs:\n      handoff: \${{ steps.tokens.outputs.handoff }}\n`
      },
      ".github/workflows/good.yml: (Line: 19) job 'test' reads steps.tokens, but no step of the job has id: tokens"
    ],
    [
      'a recipe reading the outputs of a step without its id',
      {
        'docs/recipes/x.md': `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW.replace('        id: token\n', '')}\`\`\`\n`
      },
      "docs/recipes/x.md: (Line: 19) job 'test' reads steps.token, but no step before it has id: token"
    ],
    [
      "a README list of steps reading a step's outcome that no step has",
      {
        'README.md':
          '# R\n\n```yaml\n- id: token\n  uses: your-org/oauth2-token-action@v1\n- if: ${{ steps.tokn.outcome }}\n  run: echo\n```\n'
      },
      'README.md: (Line: 6) the steps read steps.tokn, but no step before it has id: tokn'
    ],
    [
      "a job reading a job's result that its needs: does not list",
      {
        '.github/workflows/good.yml': `${GOOD_WORKFLOW}  other:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n  next:\n    needs: other\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "\${{ needs.test.result }}"\n`
      },
      ".github/workflows/good.yml: (Line: 26) job 'next' reads needs.test, but its needs: does not list test"
    ],
    [
      "a recipe's job reading another job's output without needing it",
      {
        'docs/recipes/x.md': `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW}    outputs:\n      handoff: \${{ steps.token.outputs.handoff }}\n  next:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "\${{ needs.test.outputs.handoff }}"\n\`\`\`\n`
      },
      "docs/recipes/x.md: (Line: 26) job 'next' reads needs.test, but its needs: does not list test"
    ],
    [
      'a recipe pinning an action to another SHA than the workflows do',
      {
        'docs/recipes/x.md': `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW.replace(CHECKOUT, CHECKOUT.replace('b1 #', 'b2 #'))}\`\`\`\n`
      },
      'docs/recipes/x.md: (Line: 13) actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b2 # v7.0.1 is not the pin .github/workflows/ use: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1 (npm run docs copies it)'
    ],
    [
      'a doc under docs/ giving an action the workflows pin another version comment',
      {
        'docs/guide/y.md': `# Y\n\n    - uses: ${CHECKOUT.replace('v7.0.1', 'v7.0.0')}\n`
      },
      'docs/guide/y.md: (Line: 3) actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.0 is not the pin .github/workflows/ use: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1 (npm run docs copies it)'
    ],
    [
      'a third-party action pinned to a tag',
      { '.github/workflows/good.yml': GOOD_WORKFLOW.replace(CHECKOUT, 'actions/checkout@v5') },
      '.github/workflows/good.yml: (Line: 10): actions/checkout@v5 is not pinned to a full commit SHA'
    ],
    [
      'a third-party action pinned to an abbreviated commit SHA',
      {
        '.github/workflows/good.yml': GOOD_WORKFLOW.replace(
          CHECKOUT,
          'actions/checkout@3d3c42e # v7.0.1'
        )
      },
      '.github/workflows/good.yml: (Line: 10): actions/checkout@3d3c42e is not pinned to a full commit SHA'
    ],
    [
      'a SHA without its version',
      { '.github/workflows/good.yml': GOOD_WORKFLOW.replace(' # v7.0.1', '') },
      '.github/workflows/good.yml: (Line: 10): actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 needs its version in a comment, e.g. # v1.2.3'
    ],
    [
      'a recipe giving the action an input it does not have',
      {
        'docs/recipes/x.md': `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW.replace('client-id: x', 'client-id: x\n          tenant-id: contoso')}\`\`\`\n`
      },
      "docs/recipes/x.md: (Line: 19) 'tenant-id' is not an input of this action (see action.yml)"
    ],
    [
      'a recipe reading an output the action does not have',
      {
        'docs/recipes/x.md': `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW.replace('outputs.token-type', 'outputs.authorisation')}\`\`\`\n`
      },
      "docs/recipes/x.md: (Line: 20) 'authorisation' is not an output of this action (see action.yml)"
    ],
    [
      'a README fragment reading an output the action does not have',
      {
        'README.md':
          '# R\n\n```yaml\n- id: token\n  uses: your-org/oauth2-token-action@v1\n- run: echo "${{ steps.token.outputs.acces-token }}"\n```\n'
      },
      "README.md: (Line: 6) 'acces-token' is not an output of this action (see action.yml)"
    ],
    [
      'a README fragment naming the action under its real owner, once your-org is replaced',
      {
        'README.md':
          '# R\n\n```yaml\n- uses: acme/oauth2-token-action@v1\n  with:\n    client-idd: x\n```\n'
      },
      "README.md: (Line: 6) 'client-idd' is not an input of this action (see action.yml)"
    ],
    [
      'a workflow reading an output the action does not have',
      {
        '.github/workflows/good.yml': GOOD_WORKFLOW.replace('outputs.token-type', 'outputs.token')
      },
      ".github/workflows/good.yml: (Line: 17) 'token' is not an output of this action (see action.yml)"
    ],
    [
      'a recipe workflow without on:',
      {
        'docs/recipes/x.md': `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW.replace('on: push\n', '')}\`\`\`\n`
      },
      'docs/recipes/x.md: (Line: 4) workflow: (Line: 1, Col: 1): Required property is missing: on'
    ],
    [
      'a README fragment without on: that is no valid workflow',
      {
        'README.md':
          '# R\n\n```yaml\njobs:\n  a:\n    run-on: ubuntu-latest\n    steps:\n      - uses: your-org/oauth2-token-action@v1\n```\n'
      },
      "README.md: (Line: 4) workflow: (Line: 3, Col: 5): Unexpected value 'run-on'"
    ],
    [
      'a README list of steps with an expression that does not close',
      {
        'README.md':
          '# R\n\n```yaml\n- uses: your-org/oauth2-token-action@v1\n  with:\n    host: https://login.example.com/${{ vars.TENANT_ID }\n```\n'
      },
      'README.md: (Line: 4) workflow: (Line: 3, Col: 11): The expression is not closed. An unescaped ${{ sequence was found, but the closing }} sequence was not found.'
    ],
    [
      'a README list of steps reading a context GitHub does not have',
      {
        'README.md':
          '# R\n\n```yaml\n- uses: your-org/oauth2-token-action@v1\n  with:\n    client-id: ${{ secret.CLIENT_ID }}\n```\n'
      },
      "README.md: (Line: 4) workflow: (Line: 3, Col: 16): Unrecognized named-value: 'secret'"
    ],
    [
      "a README job's keys (permissions:, steps:) with a misspelt context",
      {
        'README.md':
          '# R\n\n```yaml\npermissions:\n  id-token: write\nsteps:\n  - uses: your-org/oauth2-token-action@v1\n    with:\n      scope: ${{ var.SCOPE }}\n```\n'
      },
      "README.md: (Line: 4) workflow: (Line: 6, Col: 14): Unrecognized named-value: 'var'"
    ],
    [
      "a README step's with: block with an expression that does not parse",
      {
        'README.md':
          '# R\n\n```yaml\ngrant-type: urn:example\nextra-params: |\n  assertion=${{ secrets.SAML_ASSERTION ) }}\n```\n'
      },
      'README.md: (Line: 4) workflow: (Line: 2, Col: 15): Unexpected symbol'
    ],
    [
      "a README step's with: block naming an input the action does not have",
      {
        'README.md':
          '# R\n\n```yaml\ngrant-type: urn:example\nextra-param: |\n  assertion=${{ secrets.SAML_ASSERTION }}\n```\n'
      },
      "README.md: (Line: 5) 'extra-param' is not an input of this action (see action.yml)"
    ],
    [
      "a docs page's fragment (the README's detail, moved beside it) naming an input the action does not have",
      {
        'docs/x.md':
          '# X\n\n```yaml\n- uses: your-org/oauth2-token-action@v1\n  with:\n    revoke-pth: /x\n```\n'
      },
      "docs/x.md: (Line: 6) 'revoke-pth' is not an input of this action (see action.yml)"
    ],
    [
      "a docs page's list of steps reading a step's output that no step has",
      {
        'docs/x.md':
          '# X\n\n```yaml\n- uses: your-org/oauth2-token-action@v1\n- run: echo "${{ steps.tokn.outputs.token-file }}"\n```\n'
      },
      'docs/x.md: (Line: 5) the steps read steps.tokn, but no step before it has id: tokn'
    ],
    [
      'an example naming the action by a ref other than its major version tag',
      { 'README.md': '# R\n\n```yaml\n- uses: your-org/oauth2-token-action@v1.2.3\n```\n' },
      'README.md: (Line: 4) uses your-org/oauth2-token-action@v1.2.3: name the major version tag, e.g. @v1'
    ],
    [
      "an example reading another job's output that the job does not have",
      {
        'docs/recipes/x.md': `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW}    outputs:\n      handoff: \${{ steps.token.outputs.handoff }}\n  next:\n    needs: test\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "\${{ needs.test.outputs.hand_off }}"\n\`\`\`\n`
      },
      "docs/recipes/x.md: (Line: 27) job 'test' has no output 'hand_off' (see its outputs:)"
    ],
    [
      "an example reading, in another case, another job's output that the job does not have",
      {
        'docs/recipes/x.md': `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW}    outputs:\n      handoff: \${{ steps.token.outputs.handoff }}\n  next:\n    needs: test\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "\${{ needs.TEST.outputs.nope }}"\n\`\`\`\n`
      },
      "docs/recipes/x.md: (Line: 27) job 'TEST' has no output 'nope' (see its outputs:)"
    ],
    [
      'an example giving the action github-oidc without id-token: write',
      {
        'docs/recipes/x.md': `# X\n\n\`\`\`yaml\n${GOOD_WORKFLOW.replace('client-id: x', 'client-id: x\n          client-auth: github-oidc')}\`\`\`\n`
      },
      "docs/recipes/x.md: (Line: 4) job 'test' gives this action github-oidc without permissions: id-token: write"
    ],
    [
      'a README example that is not YAML',
      { 'README.md': '# R\n\n```yaml\n- uses: your-org/oauth2-token-action@v1\n  with: [\n```\n' },
      'README.md: (Line: 4) the YAML block does not parse:'
    ],
    [
      'an event filtered by both branches and branches-ignore',
      {
        '.github/workflows/good.yml': GOOD_WORKFLOW.replace(
          'on: push',
          'on:\n  push:\n    branches: [main]\n    branches-ignore: [dev]'
        )
      },
      '.github/workflows/good.yml: (Line: 5) on.push: branches and branches-ignore cannot filter the same event; keep one (a ! pattern in branches excludes)'
    ],
    [
      'a dependabot.yml without a schedule',
      {
        '.github/dependabot.yml':
          'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n'
      },
      '.github/dependabot.yml: updates[0]: schedule.interval must be daily, weekly, monthly, ...; got undefined'
    ]
  ])(
    'fails on %s, naming the file and line',
    (_, files: Record<string, string | undefined>, message) => {
      const run = lintTree(files)
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(message)
    }
  )
})

// ---------------------------------------------------------------------------------------------
// What the issue asks of each workflow

interface Step {
  name?: string
  id?: string
  if?: string
  uses?: string
  run?: string
  with?: Record<string, string>
  env?: Record<string, string>
  shell?: string
  'continue-on-error'?: boolean
}
interface Workflow {
  on: Record<string, unknown>
  permissions: Record<string, string>
  concurrency?: { group: string; 'cancel-in-progress': boolean }
  jobs: Record<
    string,
    {
      if?: string
      steps: Step[]
      strategy?: { matrix: Record<string, unknown[]>; 'fail-fast'?: boolean }
      'runs-on'?: string
      defaults?: object
      permissions?: object
    }
  >
}

const workflowText = (name: string): string =>
  readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8')
const workflow = (name: string): Workflow => parse(workflowText(name)) as Workflow
const steps = (flow: Workflow): Step[] => Object.values(flow.jobs).flatMap(job => job.steps)

/**
 * Whether GitHub runs a step or job with this `if:`, as it reads one: a condition that names no
 * status function is `success() && (condition)`, and none is `success()`.
 */
function runsWhen(condition: string | undefined, contexts: object, failed = false): boolean {
  const bare = (condition ?? 'success()').trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1')
  const named = /\b(success|failure|always|cancelled)\s*\(/.test(bare)
  const expression = named ? bare : `success() && (${bare})`
  return truthy(evaluate(expression, { ...contexts }, { failed }))
}

/** A `run:` script in bash as GitHub's default shell runs it, with only `env`. */
function bash(script: string | undefined, cwd: string, env: Record<string, string> = {}) {
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script ?? 'false'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env }
  })
}

describe("npm run docs: the docs' pins of third-party actions, as the workflows pin them", () => {
  const OLD = 'actions/checkout@0123456789abcdef0123456789abcdef01234567 # v6.0.0'
  const NODE = 'actions/setup-node@89abcdef0123456789abcdef0123456789abcdef # v5.0.0'
  const pins = workflowPins([
    `steps:\n  - uses: ${CHECKOUT}\n  - uses: ${NODE}\n`,
    // setup-node pinned two ways: which one a doc means cannot be told, so it is left for the lint.
    `steps:\n  - uses: ${NODE.replace('89ab', '7654').replace('v5.0.0', 'v4.4.0')}\n`
  ])

  it('sets each pin, quoted or not, with or without its comment, and keeps the rest of the line', () => {
    const doc = [
      '```yaml',
      `      - uses: ${OLD}`,
      `  uses: '${OLD.replace(' # v6.0.0', "'")} # v6.0.0 (the release)`,
      `- uses: ${OLD.split(' ')[0]}`,
      `      - uses: ${NODE.replace('89ab', 'fedc')}`,
      '```'
    ].join('\n')
    const [sha] = CHECKOUT.split(' ')
    expect(withWorkflowPins(doc, pins).split('\n')).toEqual([
      '```yaml',
      `      - uses: ${CHECKOUT}`,
      `  uses: '${sha}' # v7.0.1 (the release)`,
      `- uses: ${CHECKOUT}`,
      `      - uses: ${NODE.replace('89ab', 'fedc')}`,
      '```'
    ])
    expect(otherPins(withWorkflowPins(doc, pins), pins)).toEqual([
      expect.stringMatching(
        /^\(Line: 5\) actions\/setup-node@fedc.*is not the pin .*@89ab.* or .*@7654.*[^)]$/
      )
    ])
  })

  it('leaves a doc that already has them as it is', () => {
    const doc = `Text.\n\n    - uses: ${CHECKOUT}\n`
    expect(withWorkflowPins(doc, pins)).toBe(doc)
  })
})

describe('the workflows', () => {
  const names = readdirSync(join(ROOT, '.github', 'workflows'))

  it('include the ones the issue names', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'check-dist.yml',
        'ci.yml',
        'codeql.yml',
        'release.yml',
        'self-test.yml'
      ])
    )
  })

  it.each(names)('%s: read-only by default, every step named', name => {
    const flow = workflow(name)
    expect(flow.permissions).toEqual({ contents: 'read' })
    for (const step of steps(flow)) expect(step.name).toEqual(expect.any(String))
  })

  it.each(['ci.yml', 'check-dist.yml', 'self-test.yml', 'codeql.yml'])(
    '%s: a newer run cancels an older one',
    name => {
      expect(workflow(name).concurrency?.['cancel-in-progress']).toBe(true)
    }
  )

  it("codeql.yml: the weekly scheduled run and a push's run are not in one group to cancel each other", () => {
    const group = workflow('codeql.yml').concurrency?.group ?? ''
    const groupOf = (event: string): string =>
      interpolate(group, {
        github: { workflow: 'CodeQL', event_name: event, ref: 'refs/heads/main' }
      })
    expect(groupOf('schedule')).not.toBe(groupOf('push'))
  })

  it('ci.yml: format check, lint, typecheck and tests on Node 20 and 24', () => {
    const flow = workflow('ci.yml')
    expect(flow.jobs.test?.strategy?.matrix.node).toEqual([20, 24])
    expect(
      steps(flow)
        .map(step => step.run)
        .filter(Boolean)
    ).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run format:check',
      'npm run lint',
      'npm run typecheck',
      'npm test'
    ])
  })

  it('release.yml: the write token only in the push, no install scripts, no cache', () => {
    const all = steps(workflow('release.yml'))
    const checkout = all.find(step => step.uses?.startsWith('actions/checkout@'))
    expect(checkout).toMatchObject({ with: { 'persist-credentials': false } })
    const node = all.find(step => step.uses?.startsWith('actions/setup-node@'))
    expect(node?.with).not.toHaveProperty('cache')
    expect(all.find(step => step.run?.startsWith('npm ci'))?.run).toBe(
      'npm ci --no-audit --no-fund --ignore-scripts'
    )
    const token = all.filter(step => JSON.stringify(step).includes('github.token'))
    expect(token.map(step => step.name)).toEqual(['Push the major tag'])
  })

  it('check-dist.yml: bundles, fails on a difference, uploads the expected dist/', () => {
    const all = steps(workflow('check-dist.yml'))
    expect(all.some(step => step.run === 'npm run bundle')).toBe(true)
    const upload = all.find(step => step.uses?.startsWith('actions/upload-artifact@'))
    expect(upload).toMatchObject({ with: { path: 'dist/' } })
  })

  describe('check-dist.yml', () => {
    const all = steps(workflow('check-dist.yml'))

    it('installs with npm ci, then bundles', () => {
      const runs = all.map(step => step.run).filter(Boolean)
      expect(runs.slice(0, 2)).toEqual(['npm ci --no-audit --no-fund', 'npm run bundle'])
    })

    /** The comparison step's exit code in a repository whose committed dist/ `change` alters. */
    function compareAfter(change: (dist: string) => void): number | null {
      const repo = mkdtempSync(join(tmpdir(), 'check-dist-'))
      dirs.push(repo)
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
          cwd: repo
        })
      git('init', '--quiet', '--initial-branch=main')
      mkdirSync(join(repo, 'dist'))
      writeFileSync(join(repo, 'dist', 'index.js'), 'bundle\n')
      git('add', '-A')
      git('commit', '--quiet', '--no-gpg-sign', '-m', 'dist')
      change(join(repo, 'dist'))
      return bash(all.find(step => step.id === 'diff')?.run, repo).status
    }

    it.each([
      ['a changed file', (dist: string) => writeFileSync(join(dist, 'index.js'), 'stale\n')],
      ['a new chunk', (dist: string) => writeFileSync(join(dist, '617.index.cjs.js'), 'chunk\n')],
      ['a deleted file', (dist: string) => rmSync(join(dist, 'index.js'))]
    ])('fails on %s in dist/, and passes on none', (_, change) => {
      expect(compareAfter(() => undefined)).toBe(0)
      expect(compareAfter(change)).toBe(1)
    })

    it('uploads the expected dist/ when the comparison fails, and only then', () => {
      const upload = all.find(step => step.uses?.startsWith('actions/upload-artifact@'))
      const uploads = (outcome: string) =>
        runsWhen(upload?.if, { steps: { diff: { outcome } } }, outcome === 'failure')
      expect(uploads('failure')).toBe(true)
      expect(uploads('success')).toBe(false)
    })
  })

  describe('release.yml', () => {
    const flow = workflow('release.yml')
    const all = steps(flow)

    it('runs on a published release, not a pre-release', () => {
      expect(flow.on).toEqual({ release: { types: ['published'] } })
      const jobs = Object.values(flow.jobs)
      expect(jobs).toHaveLength(1)
      const runs = (prerelease: boolean) =>
        runsWhen(jobs[0]?.if, { github: { event: { release: { prerelease } } } })
      expect([runs(false), runs(true)]).toEqual([true, false])
    })

    it('checks the release with script/release before it pushes', () => {
      const check = all.findIndex(step => step.run === 'script/release --published "$TAG"')
      const push = all.findIndex(step => step.run?.includes('git push'))
      expect(check).toBeGreaterThan(-1)
      expect(check).toBeLessThan(push)
    })

    it('pushes the major tag vX, and no other ref', () => {
      // git is a stand-in that records its arguments (and the server is loopback regardless).
      const bin = mkdtempSync(join(tmpdir(), 'release-push-'))
      dirs.push(bin)
      const recorder = `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(bin, 'args')}"\n`
      writeFileSync(join(bin, 'git'), recorder, { mode: 0o755 })
      const push = all.find(step => step.run?.includes('git push'))
      const github = { event: { release: { tag_name: 'v1.2.3' } }, token: 'test-token' }
      const env = Object.fromEntries(
        Object.entries(push?.env ?? {}).map(([name, value]) => [
          name,
          interpolate(value, { github })
        ])
      )
      const run = bash(push?.run, bin, {
        ...env,
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        GITHUB_SERVER_URL: 'https://127.0.0.1:1',
        GITHUB_REPOSITORY: 'your-org/oauth2-token-action',
        GITHUB_STEP_SUMMARY: join(bin, 'summary')
      })
      expect(run.status).toBe(0)
      const args = readFileSync(join(bin, 'args'), 'utf8').split('\n').filter(Boolean)
      expect(args.slice(0, 2)).toEqual(['push', '--force'])
      expect(args.filter(arg => arg.startsWith('refs/'))).toEqual(['refs/tags/v1'])
    })
  })

  it('codeql.yml: the analysis may upload its results', () => {
    const jobs = Object.values(workflow('codeql.yml').jobs).filter(job =>
      job.steps.some(step => step.uses?.startsWith('github/codeql-action/analyze@'))
    )
    expect(jobs.length).toBeGreaterThan(0)
    for (const job of jobs) expect(job.permissions).toMatchObject({ 'security-events': 'write' })
  })

  it('npm run lint runs the workflow validator, built on packages from the npm registry', () => {
    const { scripts, devDependencies } = JSON.parse(
      readFileSync(join(ROOT, 'package.json'), 'utf8')
    ) as { scripts: Record<string, string>; devDependencies: Record<string, string> }
    expect(scripts.lint?.split(' && ')).toContain('node scripts/lint-workflows.mjs')
    expect(devDependencies['@actions/workflow-parser']).toMatch(/^\d+\.\d+\.\d+$/)
  })

  describe('self-test.yml', () => {
    const text = workflowText('self-test.yml')
    const all = steps(workflow('self-test.yml'))
    const own = all.filter(step => step.uses === './')

    it('needs no secret, so it runs on pull requests from forks', () => {
      expect(text).not.toMatch(/secrets\./)
      expect(workflow('self-test.yml').on).toHaveProperty('pull_request')
    })

    it('starts the loopback token server before using the action', () => {
      expect(
        all.findIndex(step => step.run?.includes('node scripts/seed-server.mjs'))
      ).toBeLessThan(all.findIndex(step => step.uses === './'))
    })

    it('calls the server with the authorization output and with $ACCESS_TOKEN', () => {
      expect(
        all.some(step => step.env?.AUTHORIZATION === '${{ steps.token.outputs.authorization }}')
      ).toBe(true)
      expect(all.some(step => step.run?.includes('Authorization: Bearer $ACCESS_TOKEN'))).toBe(true)
    })

    it('covers body-format form and client-auth basic', () => {
      expect(
        own.some(
          step => step.with?.['body-format'] === 'form' && step.with['client-auth'] === 'basic'
        )
      ).toBe(true)
    })

    it('gets a token with body-format form and client-auth basic, not only in the negative job', () => {
      expect(
        own.some(
          step =>
            step['continue-on-error'] !== true &&
            step.with?.['body-format'] === 'form' &&
            step.with['client-auth'] === 'basic'
        )
      ).toBe(true)
    })

    it('runs the action on macOS as well as on Linux, each leg to its end, in bash steps', () => {
      const job = workflow('self-test.yml').jobs['password-json']
      expect(job?.['runs-on']).toBe('${{ matrix.os }}')
      // Linux first: scripts/run-workflow.mjs runs the first combination here.
      expect(job?.strategy?.matrix).toEqual({ os: ['ubuntu-latest', 'macos-latest'] })
      expect(job?.strategy?.['fail-fast']).toBe(false)
      // GitHub's default shell there is bash, as the steps are written for.
      expect(job?.defaults).toBeUndefined()
      expect(job?.steps.filter(step => step.shell !== undefined)).toEqual([])
      // Every other job runs on Linux alone.
      const others = Object.entries(workflow('self-test.yml').jobs).filter(
        ([id]) => id !== 'password-json'
      )
      expect(others.length).toBeGreaterThan(2)
      for (const [, other] of others) expect(other['runs-on']).toBe('ubuntu-latest')
    })

    it('asserts that wrong credentials fail the step', () => {
      const negative = own.filter(step => step['continue-on-error'] === true)
      expect(negative.map(step => step.id)).toEqual(['wrong-secret', 'wrong-password', 'insecure'])
      for (const step of negative) {
        expect(text).toContain(`\${{ steps.${step.id}.outcome == 'failure' }}`)
      }
    })
  })

  it('dependabot.yml: npm and github-actions, weekly and grouped', () => {
    const config = parse(readFileSync(join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
      updates: { 'package-ecosystem': string; schedule: { interval: string }; groups: object }[]
    }
    expect(config.updates.map(update => update['package-ecosystem'])).toEqual([
      'npm',
      'github-actions'
    ])
    for (const update of config.updates) {
      expect(update.schedule.interval).toBe('weekly')
      expect(Object.keys(update.groups).length).toBeGreaterThan(0)
    }
  })

  it("dependabot.yml: the packages package.json's overrides key by version, in a group of their own, first", () => {
    // An override keyed to `name@version` stops applying when a bump moves `name` (stubs/README.md):
    // their pull request has to be finished by hand, and no other update should wait on it.
    const config = parse(readFileSync(join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
      updates: { 'package-ecosystem': string; groups: Record<string, { patterns?: string[] }> }[]
    }
    const { overrides, dependencies } = JSON.parse(
      readFileSync(join(ROOT, 'package.json'), 'utf8')
    ) as { overrides: Record<string, unknown>; dependencies: Record<string, string> }
    const keyed = Object.keys(overrides).map(key => /^(@?[^@]+)@(.+)$/.exec(key)?.slice(1) ?? [])
    expect(keyed.map(([name]) => name)).toEqual(['@actions/core', '@actions/http-client'])
    for (const [name = '', version] of keyed) expect(dependencies[name]).toBe(version)
    const npm = config.updates.find(update => update['package-ecosystem'] === 'npm')
    const [first] = Object.values(npm?.groups ?? {})
    expect(first).toEqual({ patterns: keyed.map(([name]) => name) })
  })

  it('CODEOWNERS: every file has owners, each a @user, an @org/team or an email', () => {
    const rules = readFileSync(join(ROOT, '.github', 'CODEOWNERS'), 'utf8')
      .split('\n')
      .map(line => line.trim())
      .filter(line => line && !line.startsWith('#'))
      .map(line => line.split(/\s+/))
    expect(rules.map(([pattern]) => pattern)).toContain('*')
    for (const [, ...owners] of rules) {
      expect(owners.length).toBeGreaterThan(0)
      for (const owner of owners) expect(owner).toMatch(/^@[\w.-]+(\/[\w.-]+)?$|^[^@\s]+@[^@\s]+$/)
    }
  })
})

// Issue 6: GitHub runs the action on Node 24, so .ci/run runs every test that runs dist/ again with
// the action on Node 24 (ACTION_NODE, from scripts/node24.sh), and the other tests with jest itself
// on Node 24. Its two selections are run here as .ci/run runs them.
describe('.ci/run', () => {
  const script = readFileSync(join(ROOT, '.ci', 'run'), 'utf8')
  const TESTS = join(ROOT, '__tests__')
  const testFiles = readdirSync(TESTS)
    .filter(name => name.endsWith('.test.ts'))
    .sort()

  /** RUNNER_TESTS and OTHER_TESTS, file names, as .ci/run's mapfile lines select them. */
  function selections(): { runner: string[]; other: string[] } {
    const mapfiles = script.split('\n').filter(line => /^mapfile -t \w+_TESTS /.test(line))
    expect(mapfiles).toHaveLength(2)
    const print = 'printf "%s\\n" "${RUNNER_TESTS[@]}"; echo --; printf "%s\\n" "${OTHER_TESTS[@]}"'
    const result = spawnSync('bash', ['-c', `${mapfiles.join('\n')}\n${print}`], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    const [runner = '', other = ''] = result.stdout.split('--\n')
    const names = (list: string): string[] =>
      list
        .split('\n')
        .filter(Boolean)
        .map(path => relative(TESTS, join(ROOT, path)))
        .sort()
    return { runner: names(runner), other: names(other) }
  }

  it('runs the tests again with Node 24 from scripts/node24.sh: as the action, then as jest', () => {
    const lines = script.split('\n')
    const at = (line: string): number => lines.indexOf(line)
    const firstRun = at('npm test')
    const node24 = at('NODE24="$(bash scripts/node24.sh)"')
    const actionLeg = at('ACTION_NODE="$NODE24" npm test -- "${RUNNER_TESTS[@]}"')
    const jestLeg = at('PATH="$(dirname "$NODE24"):$PATH" npm test -- "${OTHER_TESTS[@]}"')
    expect(firstRun).toBeGreaterThan(0)
    expect(node24).toBeGreaterThan(firstRun)
    expect(actionLeg).toBeGreaterThan(node24)
    expect(jestLeg).toBeGreaterThan(actionLeg)
    // Between them, the two Node 24 runs take every test file, each once: a file the first
    // selection misses still runs the action on Node 24 in the second, whose jest runs on it
    // (scripts/runner.mjs' ACTION_NODE falls back to process.execPath).
    const { runner, other } = selections()
    expect([...runner, ...other].sort()).toEqual(testFiles)
    // The first takes the runner-level tests: those that run dist/ as the runner does.
    expect(runner).toEqual(expect.arrayContaining(['runner.test.ts', 'self-test.test.ts']))
    expect(runner.length).toBeGreaterThan(20)
  })
})
