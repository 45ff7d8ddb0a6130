// The entry point of the main step, and of the post step when dist/post.js loads it: told apart
// by the script Node started, which no variable of the job's environment can change.
// CommonJS, which Node starts without its ES module loader (docs/performance.md).
'use strict'

const { run, runPost } = require('./main.ts')

// Exits once stdout has taken every line (docs/performance.md): every file the action writes is
// written synchronously, and no stray handle can keep a finished step alive.
const exitWhenFlushed = () => process.stdout.write('', () => process.exit())

if (/(^|[\\/])post\.js$/.test(process.argv[1] ?? '')) runPost().then(exitWhenFlushed)
else run().then(exitWhenFlushed)
