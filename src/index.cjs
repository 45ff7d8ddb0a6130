// The action's entry point: it only runs run(). CommonJS on purpose, so ncc bundles the action
// as CommonJS (see scripts/bundle.mjs): Node starts a CommonJS main without its ES module loader,
// which costs about 5 ms and, on Node 24, 2.5 MiB of every run. The sources stay ES modules.
require('./main.ts').run()
