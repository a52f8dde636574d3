/** `target.push(...items)` passes every item as an argument and overflows the stack on long lists. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item)
  return target
}
