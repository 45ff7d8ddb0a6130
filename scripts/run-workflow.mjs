// Runs a job of one of this project's workflows here, the way GitHub would, so the self-test
// workflow is tested before GitHub sees it. It knows the subset of workflow syntax the project's
// jobs use and refuses the rest, so a pass means something: workflow, job and step `env`; `run`
// steps in bash (`-eo pipefail`, as GitHub's default shell); `uses: ./` (the bundled action,
// through scripts/runner.mjs); `uses: actions/checkout` (skipped: the tree is here); `id`, `if`,
// `continue-on-error`; a job's `strategy.matrix` of lists, run here as its first combination (this
// machine is Linux: list `ubuntu-latest` first); `${{ }}` expressions, evaluated by GitHub's
// @actions/expressions over the env, steps, github, runner, job and matrix contexts, with
// success(), failure(), always() and cancelled(); GITHUB_OUTPUT and GITHUB_ENV files. Processes a
// step leaves running (a server started with `&`) are stopped when the job ends.
import { Evaluator, Lexer, Parser, data } from '@actions/expressions'
import { truthy } from '@actions/expressions/result'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { actionDefaults, parseFileCommand, runAction } from './runner.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const CONTEXTS = ['env', 'steps', 'github', 'runner', 'job', 'matrix']
const STATUS = ['success', 'failure', 'always', 'cancelled']
const KEYS = {
  workflow: ['name', 'on', 'permissions', 'concurrency', 'env', 'jobs'],
  job: ['name', 'runs-on', 'timeout-minutes', 'permissions', 'env', 'steps', 'strategy'],
  strategy: ['matrix', 'fail-fast'],
  step: ['name', 'id', 'if', 'uses', 'with', 'env', 'run', 'continue-on-error']
}

function refuseUnknown(kind, value, where) {
  const unknown = Object.keys(value ?? {}).filter(key => !KEYS[kind].includes(key))
  if (unknown.length)
    throw new Error(`${where}: run-workflow does not support ${unknown.join(', ')}`)
}

/**
 * The `matrix` context of a run of `job`: `chosen`, or each key's first value. Only lists of
 * values (no `include`, `exclude` or expressions), so the combinations are the ones written.
 */
function matrixOf(job, chosen, where) {
  if (job.strategy === undefined) return {}
  refuseUnknown('strategy', job.strategy, `${where} strategy`)
  const { matrix } = job.strategy
  const lists =
    matrix && typeof matrix === 'object' && !Array.isArray(matrix) ? Object.entries(matrix) : []
  const bad = lists.filter(
    ([key, values]) =>
      ['include', 'exclude'].includes(key) || !Array.isArray(values) || values.length === 0
  )
  if (!lists.length || bad.length) {
    throw new Error(
      `${where}: run-workflow supports a strategy.matrix of lists only${bad.length ? ` (not ${bad.map(([key]) => key).join(', ')})` : ''}`
    )
  }
  return Object.fromEntries(
    lists.map(([key, values]) => {
      const value = chosen?.[key] ?? values[0]
      if (!values.includes(value)) throw new Error(`${where}: matrix.${key} has no value ${value}`)
      return [key, value]
    })
  )
}

/** Evaluates one expression (without `${{ }}`) against the contexts and the job's status. */
export function evaluate(expression, contexts, status = { failed: false }) {
  const lexed = new Lexer(expression).lex()
  const functions = STATUS.map(name => ({ name, minArgs: 0, maxArgs: 0 }))
  const tree = new Parser(lexed.tokens, CONTEXTS, functions).parse()
  const results = {
    success: !status.failed,
    failure: status.failed,
    always: true,
    cancelled: false
  }
  const implementations = new Map(
    STATUS.map(name => [
      name,
      { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(results[name]) }
    ])
  )
  const context = JSON.parse(JSON.stringify(contexts), data.reviver)
  return new Evaluator(tree, context, implementations).evaluate()
}

/** A string with every `${{ expression }}` replaced by its value. */
export function interpolate(text, contexts) {
  return String(text).replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression) =>
    evaluate(expression, contexts).coerceString()
  )
}

/** Whether a step's `if:` lets it run; like GitHub, `success() &&` unless it names a status. */
function shouldRun(condition, contexts, status) {
  if (condition === undefined) return !status.failed
  const bare = String(condition)
    .trim()
    .replace(/^\$\{\{([\s\S]*)\}\}$/, '$1')
  const named = new RegExp(`\\b(${STATUS.join('|')})\\s*\\(`).test(bare)
  return truthy(evaluate(named ? bare : `success() && (${bare})`, contexts, status))
}

function evaluateMap(map, contexts) {
  return Object.fromEntries(
    Object.entries(map ?? {}).map(([key, value]) => [key, interpolate(value, contexts)])
  )
}

/** Runs a bash script; resolves with its exit code and output. Its process group is recorded. */
function bash(script, env, cwd, groups, timeoutMs) {
  return new Promise(resolve => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    groups.push(child.pid)
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk))
    const killer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), timeoutMs)
    child.on('close', code => {
      clearTimeout(killer)
      resolve({ code, stdout, stderr })
    })
  })
}

/**
 * Runs job `jobId` of the workflow file `path` (absolute, or relative to the repository). `options.env`
 * replaces workflow-level env values, e.g. to move a server to a free port; `options.matrix` picks
 * a combination of the job's matrix (each key's first value by default).
 */
export async function runJob(path, jobId, options = {}) {
  const workflow = parse(readFileSync(resolve(ROOT, path), 'utf8'))
  refuseUnknown('workflow', workflow, path)
  const job = workflow.jobs?.[jobId]
  if (!job) throw new Error(`${path} has no job ${jobId}`)
  refuseUnknown('job', job, `${path} job ${jobId}`)
  const matrix = matrixOf(job, options.matrix, `${path} job ${jobId}`)

  const temp = mkdtempSync(join(tmpdir(), 'run-workflow-'))
  const groups = []
  const steps = {}
  const results = []
  const status = { failed: false }
  const github = { workspace: ROOT, event_name: 'pull_request', repository: 'local/run-workflow' }
  const runner = { temp, os: 'Linux' }
  const contexts = (env, extra = {}) => ({ env, steps, github, runner, job: {}, matrix, ...extra })
  try {
    const workflowEnv = { ...evaluateMap(workflow.env, contexts({})), ...options.env }
    const jobEnv = { ...workflowEnv, ...evaluateMap(job.env, contexts(workflowEnv)) }
    const exported = {}
    for (const [index, step] of job.steps.entries()) {
      const where = `${path} job ${jobId} step ${step.name ?? index + 1}`
      refuseUnknown('step', step, where)
      const baseEnv = { ...jobEnv, ...exported }
      const before = contexts(baseEnv)
      const result = { name: step.name ?? `step ${index + 1}`, id: step.id, stdout: '', stderr: '' }
      results.push(result)
      if (!shouldRun(step.if, before, status)) {
        result.outcome = result.conclusion = 'skipped'
        if (step.id) steps[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' }
        continue
      }
      const stepEnv = { ...baseEnv, ...evaluateMap(step.env, before) }
      let ok
      let outputs = {}
      if (step.run !== undefined) {
        const outputFile = join(temp, `output-${index}`)
        const envFile = join(temp, `env-${index}`)
        writeFileSync(outputFile, '')
        writeFileSync(envFile, '')
        const script = interpolate(step.run, contexts(stepEnv))
        const env = {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? temp,
          CI: 'true',
          GITHUB_ACTIONS: 'true',
          GITHUB_WORKSPACE: ROOT,
          RUNNER_TEMP: temp,
          ...stepEnv,
          GITHUB_OUTPUT: outputFile,
          GITHUB_ENV: envFile
        }
        const run = await bash(script, env, ROOT, groups, options.stepTimeoutMs ?? 60_000)
        Object.assign(result, { stdout: run.stdout, stderr: run.stderr })
        ok = run.code === 0
        outputs = parseFileCommand(readFileSync(outputFile, 'utf8'))
        Object.assign(exported, parseFileCommand(readFileSync(envFile, 'utf8')))
      } else if (step.uses === './') {
        const inputs = { ...actionDefaults(), ...evaluateMap(step.with, contexts(stepEnv)) }
        const run = await runAction(inputs, { ...stepEnv, RUNNER_TEMP: temp })
        Object.assign(result, { stdout: run.stdout, stderr: run.stderr })
        ok = run.code === 0
        outputs = run.outputs
        Object.assign(exported, run.env)
      } else if (/^actions\/checkout@[0-9a-f]{40}$/.test(step.uses ?? '')) {
        ok = true
      } else {
        throw new Error(`${where}: run-workflow supports run, uses: ./ and actions/checkout only`)
      }
      const outcome = ok ? 'success' : 'failure'
      const conclusion = !ok && step['continue-on-error'] === true ? 'success' : outcome
      Object.assign(result, { outcome, conclusion })
      if (step.id) steps[step.id] = { outputs, outcome, conclusion }
      if (conclusion === 'failure') status.failed = true
    }
    return { conclusion: status.failed ? 'failure' : 'success', steps: results }
  } finally {
    for (const group of groups) {
      try {
        process.kill(-group, 'SIGTERM')
      } catch {
        // The group has ended already.
      }
    }
    rmSync(temp, { recursive: true, force: true })
  }
}
