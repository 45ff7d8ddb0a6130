// The action's entry point, for the main step and the post step (`runs.post`), which the runner
// tells apart by the state the main step saved. CommonJS on purpose, so ncc bundles the action
// as CommonJS (see scripts/bundle.mjs): Node starts a CommonJS main without its ES module loader,
// which costs about 5 ms and, on Node 24, 2.5 MiB of every run. The sources stay ES modules.
const { isPostStep } = require('./post-state.ts')
const { run, runPost } = require('./main.ts')

// Once the step is done, the process exits as soon as stdout has taken every line, rather than
// wait for Node to wind down: on Node 24 that skips a garbage collection V8 has scheduled for idle
// time (about 1.5 ms of every run), and no stray handle can keep a finished step alive. Every file
// the action writes (outputs, env, state, summary, token file) is written synchronously; stdout's
// write callback runs after all earlier writes are flushed. The exit code is process.exitCode.
const exitWhenFlushed = () => process.stdout.write('', () => process.exit())

if (isPostStep(process.env)) runPost().then(exitWhenFlushed)
else run().then(exitWhenFlushed)
