// The entry point of the main step, and of the post step when dist/post.js loads it: told apart
// by the script Node started, which no variable of the job's environment can change.
'use strict'

const { run, runPost } = require('./main.ts')

// Exits once stdout has taken every line: every file is written synchronously.
const exitWhenFlushed = () => process.stdout.write('', () => process.exit())

if (/(^|[\\/])post\.js$/.test(process.argv[1] ?? '')) runPost().then(exitWhenFlushed)
else run().then(exitWhenFlushed)
