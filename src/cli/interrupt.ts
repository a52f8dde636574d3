/**
 * SIGINT (Ctrl-C), SIGTERM and SIGHUP while a command changes the tenant: the first asks the work to
 * stop at its next step (it then puts the tenant back before the process exits); a second says what
 * is left and how to finish it, and exits at once.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
const EXIT: Record<(typeof SIGNALS)[number], number> = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129}

export async function withInterrupts<T>(
  note: (text: string) => void,
  /** What is left when the operator insists (a second signal): the journal, the recover command. */
  leftOver: () => string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController()
  const handler = (signal: (typeof SIGNALS)[number]) => {
    if (!controller.signal.aborted) {
      note(`${signal}: stopping at the next step, then putting the tenant back (a second ${signal} leaves at once).`)
      controller.abort()
      return
    }
    note(`${signal} again: leaving now. ${leftOver()}`)
    process.exit(EXIT[signal])
  }
  for (const s of SIGNALS) process.on(s, handler)
  try {
    return await work(controller.signal)
  } finally {
    for (const s of SIGNALS) process.removeListener(s, handler)
  }
}
