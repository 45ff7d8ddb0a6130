// Stands in for @actions/exec (and with it @actions/io), which @actions/core 3 imports at its
// top level for core.platform.getDetails() alone, a function this action never calls. See
// ../README.md. Anything that really uses it fails loudly.
const leftOut = name =>
  new Error(
    `@actions/exec is left out of this action (stubs/actions-exec, see stubs/README.md): ${name}() was called, by core.platform.getDetails() or another user`
  )

export function exec() {
  throw leftOut('exec')
}

export function getExecOutput() {
  throw leftOut('getExecOutput')
}
