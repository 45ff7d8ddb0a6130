// The post step (action.yml `runs.post`): it loads the action only when the main step saved tokens
// to revoke or a token file to delete (src/post-state.ts), and otherwise costs a bare Node start.
'use strict'
if (process.env.STATE_revoke || process.env['STATE_token-file']) require('./index.js')
