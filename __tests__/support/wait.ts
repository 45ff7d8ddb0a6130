/**
 * Polls `done` every `everyMs` until it holds or `ms` have passed: for what no event tells this
 * process of, such as a line another process writes to its log after the action has exited, or
 * the kernel's view of a socket.
 */
export async function waitUntil(done: () => boolean, ms: number, everyMs = 20): Promise<void> {
  const deadline = Date.now() + ms
  while (!done() && Date.now() < deadline)
    await new Promise(resolve => setTimeout(resolve, everyMs))
}
