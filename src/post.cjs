// The post step's entry point (action.yml `runs.post`), copied as it is to dist/post.js by
// scripts/bundle.mjs. The runner starts it after every job that used the action, but most main
// steps leave nothing to clean up: only when the main step saved tokens to revoke or a token file
// to delete (src/post-state.ts: REVOKE_STATE, TOKEN_FILE_STATE, which the runner passes back as
// STATE_<name>) does it load the action, whose index.js then runs the post step. Otherwise the
// post step costs a bare Node start and nothing more.
'use strict'

if (process.env.STATE_revoke || process.env['STATE_token-file']) require('./index.js')
