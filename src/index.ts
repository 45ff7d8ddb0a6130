import { isPostStep } from './post-state.js'
import { run, runPost } from './main.js'

await (isPostStep(process.env) ? runPost() : run())
