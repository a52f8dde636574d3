/** JSON lines (a job's log): each line that is a JSON object; other lines (text output, a torn last line) are skipped. */
export function parseJsonLines(text: string): Record<string, unknown>[] {
  return text.split(/\r?\n/).flatMap((line) => {
    if (!line.trim().startsWith('{')) return []
    try {
      const value = JSON.parse(line) as unknown
      return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? [value as Record<string, unknown>]
        : []
    } catch {
      return []
    }
  })
}
