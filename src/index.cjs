// The action's entry point, for the main step and the post step (`runs.post`), which the runner
// tells apart by the state the main step saved. CommonJS on purpose, so ncc bundles the action
// as CommonJS (see scripts/bundle.mjs): Node starts a CommonJS main without its ES module loader,
// which costs about 5 ms and, on Node 24, 2.5 MiB of every run. The sources stay ES modules.
const { isPostStep } = require('./post-state.ts')
const { run, runPost } = require('./main.ts')

if (isPostStep(process.env)) runPost()
else run()
