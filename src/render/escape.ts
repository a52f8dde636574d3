/**
 * Values from a tenant or a file are shown, never obeyed: a display name with an ANSI sequence, a
 * line break or a bidirectional override must not print a fake "No drift" line, hide the line after
 * it or reorder what people read. Colour comes only from the renderer's own style, applied after.
 */

// C0 and C1 controls (ESC, CR, LF, ...), DEL, and the Unicode bidirectional overrides and isolates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

function escapeChar(c: string): string {
  const code = c.charCodeAt(0)
  if (c === '\n') return '\\n'
  if (c === '\r') return '\\r'
  if (c === '\t') return '\\t'
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/** Plain text for a terminal or a log: every control character shown as an escape. */
export function plain(text: string): string {
  return text.replace(UNSAFE, escapeChar)
}

/** Inline Markdown (table cells, headings): controls escaped, HTML and Markdown syntax taken literally. */
export function md(text: string): string {
  return plain(text)
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
}
