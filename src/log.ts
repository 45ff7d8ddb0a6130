import { ActionError } from './errors.js'
import { redact } from './redact.js'

/** The parts of `@actions/core` that mask and write log lines. */
export interface LogCore {
  setSecret(value: string): void
  info(message: string): void
  debug(message: string): void
  warning(message: string): void
}

/** A log that knows the run's secrets: `mask` registers them, `say` writes lines with them redacted. */
export interface SecretLog {
  readonly secrets: readonly string[]
  mask(values: readonly string[]): void
  readonly say: {
    info(line: string): void
    debug(line: string): void
    warning(line: string): void
  }
}

/** What ends a line for the runner, which reads the log as .NET's ReadLine does. */
const LINE_BREAKS = /\r\n|\r|\n/g

/** A PEM block's first or last line, such as -----BEGIN PRIVATE KEY-----. */
const PEM_ARMOUR = /^\s*-----(BEGIN|END) [A-Z0-9 ]+-----\s*$/

/**
 * `text` as the action may write it: known secrets redacted. The runner also reads the older
 * `##[name]data` form of a command anywhere in a line: `##[stop-commands]x` in a grant type or a
 * server's text would stop the masks after it, so it cannot stay whole.
 */
export function loggable(text: string, secrets: readonly string[]): string {
  return redact(text, secrets).replaceAll('##[', '## [')
}

export function secretLog(core: LogCore): SecretLog {
  const secrets: string[] = []
  const mask = (values: readonly string[]): void => {
    for (const value of values) {
      /* The runner masks a log line by line, and a lone \r ends a line too (.NET's ReadLine):
       * each line of a multi-line secret is masked as well, but not a short one, which would hide
       * words of every later line, nor a PEM key's armour, which is no secret. */
      const lines =
        value.includes('\n') || value.includes('\r')
          ? value
              .split(LINE_BREAKS)
              .filter(line => line.trim().length >= 4 && !PEM_ARMOUR.test(line))
          : []
      /*
       * Also as JSON escapes it (\\ \" \n): the runner's debug log shows saved state as written,
       * `Save intra-action state revoke = {"tokens":[{"token":"…"}]}`, and its own JSON form of a
       * secret escapes U+2028, U+2029 and U+0085, which JSON.stringify keeps.
       */
      for (const part of [value, ...lines, JSON.stringify(value).slice(1, -1)]) {
        /* The runner warns of a blank mask ("Can't add secret mask for empty string") and masks
         * nothing, and a value of spaces is none to hide: none of its parts is sent. A value that
         * is not blank has no empty part (its lines are 4 characters or more). */
        if (!value.trim() || secrets.includes(part)) continue
        secrets.push(part)
        core.setSecret(part)
      }
    }
  }
  /* Everything written goes through here, so a secret we know of never reaches the log. */
  const line = (text: string): string => loggable(text, secrets)
  const say = {
    /* A line break would start a line the runner reads as a command; core escapes the others. */
    info: (text: string) => core.info(line(text).replace(LINE_BREAKS, ' ')),
    debug: (text: string) => core.debug(line(text)),
    warning: (text: string) => core.warning(line(text))
  }
  return { secrets, mask, say }
}

/**
 * NODE_DEBUG as Node reads it at start: sections separated by commas, `*` a wildcard, any case.
 * `stream` prints the start of each chunk of an answer in hex, tokens among them, which no mask
 * can hide. The network sections print each request's options, headers among them, on stderr,
 * which the runner reads apart from stdout and may log before the masks written on stdout (its
 * ProcessInvoker handles a batch's stderr lines first). Either is refused before any request
 * (discovery's and GitHub's ID token's too, and the post step's revocation).
 */
export function checkNodeDebug(value: string): void {
  const alternatives = value
    .replace(/[|\\{}()[\]^$+?.]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll(',', '|')
  const sections = RegExp(`^(${alternatives})$`, 'i')
  const enables = (section: string): boolean => sections.test(section)
  if (enables('stream'))
    throw new ActionError(
      "NODE_DEBUG enables Node's stream section, which prints the start of each answer in hex, tokens among them, where no mask can hide them: unset NODE_DEBUG for this step"
    )
  const network = ['http', 'https', 'http2', 'net', 'tls'].find(enables)
  if (network)
    throw new ActionError(
      `NODE_DEBUG enables Node's ${network} section, which prints each request's headers, credentials among them, on stderr, where the runner may log them before it has their masks: unset NODE_DEBUG for this step`
    )
}
