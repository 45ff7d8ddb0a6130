// `npm run demo`: runs the action from dist/ against a loopback server that answers like the
// seed API, then shows the log as the runner would mask it, the outputs and the env file.
import { existsSync } from 'node:fs'
import { ACTION, maskedLog, maskedValues, runAction } from './runner.mjs'
import { passwordGrantInputs, startSeedServer } from './seed-server.mjs'

if (!existsSync(ACTION)) {
  console.error('dist/index.js is missing: run `npm run bundle` first.')
  process.exit(1)
}

const server = await startSeedServer()
const show = value =>
  value.length > 24 ? `${value.slice(0, 16)}… (${value.length} characters)` : value
try {
  const inputs = passwordGrantInputs(server)
  console.log(
    `Seed-like token server on ${server.url}; the step's inputs (demo credentials: in a workflow` +
      ' they come from secrets):'
  )
  for (const [name, value] of Object.entries(inputs)) console.log(`  ${name}: ${value}`)

  // As on GitHub, the runner also passes action.yml's defaults for the inputs not given.
  const run = await runAction(inputs)
  console.log('\n--- The step log, as the runner masks it ---')
  console.log(maskedLog(run.stdout).trim())
  if (run.stderr.trim()) console.log(run.stderr.trim())

  // What the runner hides from every later line of the job, named here rather than shown.
  const masked = maskedValues(run.stdout)
  const named = Object.entries({ ...inputs, ...run.outputs })
  const names = masked.map(
    value => named.find(([, given]) => given === value)?.[0] ?? 'another form'
  )
  console.log(`\n--- Values the action had the runner mask (${masked.length}), by name ---`)
  console.log(`  ${[...new Set(names)].join(', ')}`)
  console.log(
    `  A later step that runs echo "$ACCESS_TOKEN" shows: ${maskedLog(
      `${masked.map(value => `::add-mask::${value}`).join('\n')}\n${run.env.ACCESS_TOKEN ?? ''}`
    )}`
  )

  console.log('\n--- Outputs (steps.<id>.outputs.*), shortened here ---')
  for (const [name, value] of Object.entries(run.outputs)) console.log(`  ${name} = ${show(value)}`)
  console.log('\n--- Env file (what later steps see) ---')
  for (const [name, value] of Object.entries(run.env)) console.log(`  ${name} = ${show(value)}`)

  const token = run.env.ACCESS_TOKEN
  if (run.code === 0 && token) {
    const me = await fetch(`${server.url}/api/me`, {
      headers: { Authorization: `Bearer ${token}` }
    })
    console.log(
      `\nA later step calling GET /api/me with $ACCESS_TOKEN: HTTP ${me.status} ${await me.text()}`
    )
  }
  console.log(`\nThe action exited with code ${run.code} in ${run.ms} ms.`)
  process.exitCode = run.code ?? 1
} finally {
  await server.close()
}
