// The entry point of the main and the post step, told apart by the state the main step saved.
// CommonJS, which Node starts without its ES module loader (docs/performance.md).
'use strict'

const { isPostStep } = require('./post-state.ts')
const { run, runPost } = require('./main.ts')

// Exits once stdout has taken every line (docs/performance.md): every file the action writes is
// written synchronously, and no stray handle can keep a finished step alive.
const exitWhenFlushed = () => process.stdout.write('', () => process.exit())

if (isPostStep(process.env)) runPost().then(exitWhenFlushed)
else run().then(exitWhenFlushed)
