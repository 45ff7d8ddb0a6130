// script/release in a scratch repository: each refusal says what to fix and tags nothing; a good
// run tags vX.Y.Z, moves vX, and only prints what to push.
import { afterEach, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const RELEASE = join(import.meta.dirname, '..', 'script', 'release')
const IDENTITY = {
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release@example.com',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release@example.com'
}
const repos: string[] = []

afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo, { recursive: true, force: true })
})

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, env: { ...process.env, ...IDENTITY } })
    .toString()
    .trim()
}

/** A repository at version `version` with a CHANGELOG section and a committed dist/. */
function scratchRepo(
  version = '1.2.0',
  changelog = `## [${version}] - 2026-11-28\n\n[${version}]: https://github.com/o/r/compare/v1.0.0...v${version}\n`
): string {
  const repo = mkdtempSync(join(tmpdir(), 'release-'))
  repos.push(repo)
  git(repo, 'init', '--quiet', '--initial-branch=main')
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ version }))
  writeFileSync(join(repo, 'CHANGELOG.md'), `# Changelog\n\n${changelog}`)
  execFileSync('mkdir', ['dist'], { cwd: repo })
  writeFileSync(join(repo, 'dist', 'index.js'), 'bundle\n')
  git(repo, 'add', '-A')
  git(repo, 'commit', '--quiet', '-m', 'initial')
  return repo
}

/** Runs the script with a bundle command that leaves dist/ as it is, unless told otherwise. */
function release(repo: string, args: string[], bundle = 'true') {
  const result = spawnSync('bash', [RELEASE, ...args], {
    cwd: repo,
    env: { ...process.env, ...IDENTITY, RELEASE_BUNDLE: bundle }
  })
  return { code: result.status, stdout: result.stdout.toString(), stderr: result.stderr.toString() }
}

const tags = (repo: string): string[] => git(repo, 'tag', '--list').split('\n').filter(Boolean)

describe('script/release refuses', () => {
  it.each([
    [['one'], "release: 'one' is not a version X.Y.Z (semantic versioning, no pre-release suffix)"],
    [['1.2'], "release: '1.2' is not a version X.Y.Z (semantic versioning, no pre-release suffix)"],
    [
      ['1.2.0-rc.1'],
      "release: '1.2.0-rc.1' is not a version X.Y.Z (semantic versioning, no pre-release suffix)"
    ],
    [[], 'release: usage: script/release X.Y.Z  (or --published vX.Y.Z in the release workflow)']
  ])('a bad argument %j', (args, message) => {
    const repo = scratchRepo()
    expect(release(repo, args)).toMatchObject({ code: 1, stderr: `${message}\n` })
    expect(tags(repo)).toEqual([])
  })

  it('a dirty tree, naming the files', () => {
    const repo = scratchRepo()
    writeFileSync(join(repo, 'stray.txt'), 'x')
    const run = release(repo, ['1.2.0'])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      'release: the working tree is not clean: commit or stash first (?? stray.txt)\n'
    )
    expect(tags(repo)).toEqual([])
  })

  it('a version package.json does not have', () => {
    const repo = scratchRepo('1.2.0')
    expect(release(repo, ['1.3.0']).stderr).toBe(
      'release: package.json has version 1.2.0, not 1.3.0: set it (npm version 1.3.0 --no-git-tag-version) and commit\n'
    )
    expect(tags(repo)).toEqual([])
  })

  it('a version without a CHANGELOG section', () => {
    const repo = scratchRepo('1.3.0', '## [1.2.0] - 2026-11-01\n')
    expect(release(repo, ['1.3.0']).stderr).toBe(
      "release: CHANGELOG.md has no '## [1.3.0]' section: move the Unreleased entries under it and commit\n"
    )
  })

  it('a version without its link at the end of CHANGELOG.md, which CI would fail', () => {
    const repo = scratchRepo(
      '1.3.0',
      '## [1.3.0] - 2026-12-06\n\n[Unreleased]: https://x/compare/v1.2.0...HEAD\n'
    )
    expect(release(repo, ['1.3.0'])).toMatchObject({
      code: 1,
      stderr:
        "release: CHANGELOG.md has no link '[1.3.0]: https://…' at its end: add it (compare/vPREVIOUS...v1.3.0), point [Unreleased] at compare/v1.3.0...HEAD, and commit\n"
    })
    expect(tags(repo)).toEqual([])
  })

  it('entries still under Unreleased, which would ship unannounced', () => {
    const repo = scratchRepo(
      '1.2.0',
      '## [Unreleased]\n\n### Added\n\n- A new input.\n\n## [1.2.0] - 2026-11-28\n\n- Older.\n'
    )
    const run = release(repo, ['1.2.0'])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      "release: CHANGELOG.md still has entries under '## [Unreleased]' (- A new input.): move them under '## [1.2.0]' and commit; if v1.2.0 was released already, run git fetch --tags and pick the next version\n"
    )
    expect(tags(repo)).toEqual([])
  })

  // The first entry alone, cut at 60 characters, names what was left.
  it.each([
    ['two entries, naming the first', '- A new input.\n- A fix.\n', '- A new input.'],
    ['a long entry, cut at 60 characters', `- ${'x'.repeat(70)}\n`, `- ${'x'.repeat(58)}`]
  ])('entries still under Unreleased: %s', (_name, entries, shown) => {
    const repo = scratchRepo(
      '1.2.0',
      `## [Unreleased]\n\n${entries}\n## [1.2.0] - 2026-11-28\n\n- Older.\n`
    )
    expect(release(repo, ['1.2.0'])).toMatchObject({
      code: 1,
      stderr: `release: CHANGELOG.md still has entries under '## [Unreleased]' (${shown}): move them under '## [1.2.0]' and commit; if v1.2.0 was released already, run git fetch --tags and pick the next version\n`
    })
    expect(tags(repo)).toEqual([])
  })

  it('a tag that exists, and a version older than the latest release', () => {
    const repo = scratchRepo('1.2.0')
    git(repo, 'tag', 'v1.2.0')
    expect(release(repo, ['1.2.0']).stderr).toBe(
      'release: tag v1.2.0 exists already: pick the next version\n'
    )
    git(repo, 'tag', '-d', 'v1.2.0')
    git(repo, 'tag', 'v1.10.0')
    expect(release(repo, ['1.2.0']).stderr).toBe(
      'release: v1.2.0 is older than the latest release v1.10.0\n'
    )
    expect(tags(repo)).toEqual(['v1.10.0'])
  })

  it('a version released already, before advice to move entries under its old section', () => {
    // package.json not bumped since 1.2.0: moving Unreleased under [1.2.0] would rewrite history.
    const repo = scratchRepo(
      '1.2.0',
      '## [Unreleased]\n\n- A new input.\n\n## [1.2.0] - 2026-11-28\n\n- Older.\n'
    )
    git(repo, 'tag', 'v1.2.0')
    git(repo, 'commit', '--quiet', '--allow-empty', '-m', 'a new input')
    expect(release(repo, ['1.2.0']).stderr).toBe(
      'release: tag v1.2.0 exists already: pick the next version\n'
    )
  })

  it('a stale dist/, leaving the fresh bundle to commit', () => {
    const repo = scratchRepo()
    const run = release(repo, ['1.2.0'], 'echo fresh > dist/index.js')
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      ' M dist/index.js\nrelease: dist/ was not the bundle of the sources; the fresh bundle is now in dist/: commit it and run again\n'
    )
    expect(tags(repo)).toEqual([])
  })

  it('--published for a version older than the latest of its major, which would move vX back', () => {
    const repo = scratchRepo('1.2.1')
    git(repo, 'tag', 'v1.3.0')
    git(repo, 'commit', '--quiet', '--allow-empty', '-m', 'backport')
    git(repo, 'tag', 'v1', 'v1.3.0')
    const v1 = git(repo, 'rev-parse', 'v1')
    git(repo, 'tag', '-a', 'v1.2.1', '-m', 'v1.2.1')
    const run = release(repo, ['--published', 'v1.2.1'])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      'release: v1.2.1 is older than the latest release v1.3.0: v1 stays at v1.3.0\n'
    )
    expect(git(repo, 'rev-parse', 'v1')).toBe(v1)
  })

  it('--published when HEAD is not at the tag', () => {
    const repo = scratchRepo()
    expect(release(repo, ['--published', 'v1.2.0']).stderr).toBe(
      'release: HEAD is not at tag v1.2.0: check out the release tag first\n'
    )
  })
})

describe('script/release tags', () => {
  it('with an empty Unreleased section', () => {
    const repo = scratchRepo(
      '1.2.0',
      '## [Unreleased]\n\n### Added\n\n## [1.2.0] - 2026-11-28\n\n[1.2.0]: https://github.com/o/r/releases/tag/v1.2.0\n'
    )
    expect(release(repo, ['1.2.0']).code).toBe(0)
    expect(tags(repo)).toEqual(['v1', 'v1.2.0'])
  })

  it("with an empty Unreleased section above an older release's entries", () => {
    const repo = scratchRepo(
      '1.2.0',
      '## [Unreleased]\n\n## [1.2.0] - 2026-11-28\n\n- Older.\n\n[1.2.0]: https://github.com/o/r/releases/tag/v1.2.0\n'
    )
    expect(release(repo, ['1.2.0']).code).toBe(0)
    expect(tags(repo)).toEqual(['v1', 'v1.2.0'])
  })

  it('vX.Y.Z at HEAD, moves vX, and prints what to push without pushing', () => {
    const repo = scratchRepo('1.2.0')
    git(repo, 'tag', 'v1.1.0')
    git(repo, 'tag', 'v1')
    const before = git(repo, 'rev-parse', 'v1')
    git(repo, 'commit', '--quiet', '--allow-empty', '-m', 'next')
    const head = git(repo, 'rev-parse', 'HEAD')

    const run = release(repo, ['1.2.0'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(tags(repo)).toEqual(['v1', 'v1.1.0', 'v1.2.0'])
    expect(git(repo, 'cat-file', '-t', 'v1.2.0')).toBe('tag') // annotated
    expect(git(repo, 'rev-parse', 'v1.2.0^{commit}')).toBe(head)
    expect(git(repo, 'rev-parse', 'v1')).toBe(head)
    expect(run.stdout).toContain(`Tagged v1.2.0 at ${head.slice(0, 7)}; moved v1 to it.`)
    expect(run.stdout).toContain('  git push origin main refs/tags/v1.2.0\n')
    expect(run.stdout).toContain('  git push --force origin refs/tags/v1\n')
    expect(run.stdout).toContain(`git tag -d v1.2.0 && git tag -f v1 ${before}`)
  })

  it('on a detached HEAD, prints a push of the tag alone, which carries the commit', () => {
    const repo = scratchRepo('1.2.0')
    git(repo, 'checkout', '--quiet', '--detach')
    const run = release(repo, ['1.2.0'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('  git push origin refs/tags/v1.2.0\n')
    expect(run.stdout).not.toContain('HEAD')
  })

  it('on a maintenance branch, prints a push of that branch with the tag', () => {
    const repo = scratchRepo('1.2.0')
    git(repo, 'checkout', '--quiet', '-b', 'releases/v1')
    const run = release(repo, ['1.2.0'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('  git push origin releases/v1 refs/tags/v1.2.0\n')
  })

  it('a maintenance release of an older major, moving only that major tag', () => {
    const repo = scratchRepo('1.3.1')
    git(repo, 'tag', 'v1.3.0')
    git(repo, 'tag', 'v2.0.0')
    git(repo, 'tag', 'v2')
    git(repo, 'commit', '--quiet', '--allow-empty', '-m', 'fix on the 1.x line')
    const head = git(repo, 'rev-parse', 'HEAD')
    const v2 = git(repo, 'rev-parse', 'v2')
    const run = release(repo, ['1.3.1'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(git(repo, 'rev-parse', 'v1')).toBe(head)
    expect(git(repo, 'rev-parse', 'v2')).toBe(v2)
  })

  it('--published: moves vX to the checked-out release tag', () => {
    const repo = scratchRepo('2.0.0')
    git(repo, 'tag', '-a', 'v2.0.0', '-m', 'v2.0.0')
    const run = release(repo, ['--published', 'v2.0.0'])
    expect(run.code).toBe(0)
    expect(git(repo, 'rev-parse', 'v2')).toBe(git(repo, 'rev-parse', 'HEAD'))
    expect(run.stdout).toContain('Push the major tag: git push --force origin refs/tags/v2')
  })
})
