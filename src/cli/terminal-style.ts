/** Colours for a terminal (chalk), only when stdout is a TTY and NO_COLOR is not set. */
import type {Severity} from '../core/model.js'
import {PLAIN, type Style} from '../render/style.js'

export async function terminalStyle(stream: NodeJS.WriteStream): Promise<Style> {
  if (!stream.isTTY || process.env.NO_COLOR !== undefined) return PLAIN
  const {Chalk} = await import('chalk')
  const c = new Chalk()
  const bySeverity: Record<Severity, (t: string) => string> = {
    critical: c.bgRed.white.bold,
    high: c.red.bold,
    medium: c.yellow,
    low: c.cyan,
    info: c.gray,
  }
  return {
    added: c.green,
    removed: c.red,
    changed: c.yellow,
    severity: (s, t) => bySeverity[s](t),
    dim: c.dim,
    bold: c.bold,
  }
}
