/**
 * What a dimension reads from each scope set it is built over (the filter rules, the values, the
 * guest types it mentions), computed once per set object: a set is never changed after it is made,
 * and the exposure search builds dimensions over the same few hundred sets query after query.
 */
export function perSet<T>(): (set: object, compute: () => T) => T {
  const memo = new WeakMap<object, T>()
  return (set, compute) => {
    let found = memo.get(set)
    if (found === undefined) {
      found = compute()
      memo.set(set, found)
    }
    return found
  }
}
