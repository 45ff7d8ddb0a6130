// The post step's entry point (action.yml `runs.post`), copied to dist/post.js. It loads the
// action only when the main step saved tokens to revoke or a token file to delete
// (src/post-state.ts); otherwise the post step costs a bare Node start.
'use strict'

// index.js runs as the post step when Node started this script.
if (process.env.STATE_revoke || process.env['STATE_token-file']) require('./index.js')
