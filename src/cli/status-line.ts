/**
 * One line of live progress on a terminal's stderr (a spinner and what is being waited for), redrawn
 * in place and cleared before any note, so notes and the progress never interleave. Off the
 * terminal (a pipe, CI, a log file) it writes nothing: the periodic notes carry the progress there.
 */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const CLEAR = '\r\u001b[2K'

export interface StatusLine {
  /** Shows this text (a new text replaces the last); undefined clears the line and stops the spinner. */
  show(text: string | undefined): void
  /** Writes a note above the line, then draws the line again. */
  note(text: string): void
}

export function statusLine(stream: {isTTY?: boolean; write(text: string): unknown}, intervalMs = 100): StatusLine {
  let text: string | undefined
  let frame = 0
  let timer: ReturnType<typeof setInterval> | undefined
  const draw = () => {
    if (text !== undefined) stream.write(`${CLEAR}${FRAMES[frame++ % FRAMES.length]} ${text}`)
  }
  return {
    show(next) {
      if (!stream.isTTY) return
      if (next === undefined) {
        if (timer) clearInterval(timer)
        timer = undefined
        if (text !== undefined) stream.write(CLEAR)
        text = undefined
        return
      }
      text = next
      draw()
      // Unref'd: a spinner never keeps the process alive.
      timer ??= setInterval(draw, intervalMs).unref()
    },
    note(line) {
      if (text !== undefined) stream.write(CLEAR)
      stream.write(line + '\n')
      draw()
    },
  }
}
