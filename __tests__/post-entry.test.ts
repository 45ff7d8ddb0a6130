// dist/post.js, the post step's entry (action.yml `runs.post`): the runner starts it after every
// job that used the action, so it loads the 150 KB action only when the main step left tokens to
// revoke or a token file to delete. Run as the runner runs it, with a preload that records every
// module Node loads from dist/.
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { ACTION_NODE, POST } from '../scripts/runner.mjs'
import { REVOKE_STATE, TOKEN_FILE_STATE } from '../src/post-state.js'

const ROOT = resolve(import.meta.dirname, '..')

/** The files of dist/ that a run of dist/post.js loads, with `state` as STATE_* variables. */
function loadedFromDist(state: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'post-entry-'))
  try {
    const preload = join(dir, 'preload.cjs')
    const record = join(dir, 'loaded')
    writeFileSync(
      preload,
      `const Module = require('node:module'); const fs = require('node:fs')
const load = Module._load
Module._load = function (request, parent, isMain) {
  const file = Module._resolveFilename(request, parent, isMain)
  if (file.startsWith(${JSON.stringify(join(ROOT, 'dist'))})) fs.appendFileSync(${JSON.stringify(record)}, file + '\\n')
  return load.apply(this, arguments)
}`
    )
    writeFileSync(record, '')
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      GITHUB_STATE: join(dir, 'state')
    }
    for (const [name, value] of Object.entries(state)) env[`STATE_${name}`] = value
    const run = spawnSync(ACTION_NODE, ['--require', preload, POST], { env, encoding: 'utf8' })
    expect(run.status).toBe(0)
    return readFileSync(record, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(file => file.slice(join(ROOT, 'dist').length + 1))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('dist/post.js', () => {
  it('is the post step action.yml names, run always, and a copy of src/post.cjs', () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
      runs: Record<string, string>
    }
    expect(action.runs.post).toBe('dist/post.js')
    expect(action.runs['post-if']).toBe('always()')
    expect(readFileSync(POST, 'utf8')).toBe(readFileSync(join(ROOT, 'src/post.cjs'), 'utf8'))
  })

  it('loads nothing more when the main step left nothing to clean up', () => {
    expect(loadedFromDist({})).toEqual(['post.js'])
    // What every main step saves, so that no STATE_* variable a step added can take their place.
    expect(loadedFromDist({ [REVOKE_STATE]: '', [TOKEN_FILE_STATE]: '' })).toEqual(['post.js'])
  })

  it.each([
    [REVOKE_STATE, '{"url":"http://127.0.0.1:9/revoke","tokens":[]}'],
    [TOKEN_FILE_STATE, '/nonexistent/oauth2-token-file']
  ])('loads the action when the main step saved %s', (name, value) => {
    const loaded = loadedFromDist({ [name]: value })
    expect(loaded.slice(0, 2)).toEqual(['post.js', 'index.js'])
  })

  it('runs the post step, never the main step, whatever the state', () => {
    const env = {
      PATH: process.env.PATH ?? '',
      STATE_revoke: 'garbage',
      'INPUT_CLIENT-ID': 'cid',
      INPUT_HOST: 'http://127.0.0.1:9',
      INPUT_REVOKE: 'true'
    }
    const run = spawnSync(ACTION_NODE, [POST], { env, encoding: 'utf8', timeout: 20_000 })
    expect(run.status).toBe(0)
    expect(run.stdout).not.toContain('Requesting a token')
    expect(run.stdout).not.toMatch(/^::error::/m)
  })

  it('runs the post step when the runner names it with a backslash, as on Windows', () => {
    // The runner joins the action's directory and `dist/post.js` with Windows' separator there;
    // on Linux a backslash is part of a name, so a link named so stands for that path.
    const dir = mkdtempSync(join(tmpdir(), 'post-entry-'))
    try {
      const link = join(dir, 'dist\\post.js')
      symlinkSync(POST, link)
      const tokenFile = join(dir, 'oauth2-token-0123456789abcdef01234567')
      writeFileSync(tokenFile, 'token', { mode: 0o600 })
      const env = {
        PATH: process.env.PATH ?? '',
        [`STATE_${TOKEN_FILE_STATE}`]: tokenFile,
        'INPUT_CLIENT-ID': 'cid',
        INPUT_HOST: 'http://127.0.0.1:9'
      }
      const run = spawnSync(ACTION_NODE, [link], { env, encoding: 'utf8', timeout: 20_000 })
      expect(run.status).toBe(0)
      expect(run.stdout).toBe(`Deleted the token file ${tokenFile}.\n`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
