/**
 * Three-valued answers for questions the engine cannot always settle offline (a rewritten filter
 * rule, an unmodelled condition): 'maybe' never turns into 'no', so a verdict fails closed.
 */
export type Tri = 'yes' | 'no' | 'maybe'

export function tri(value: boolean): Tri {
  return value ? 'yes' : 'no'
}

export function and(...values: Tri[]): Tri {
  if (values.includes('no')) return 'no'
  return values.includes('maybe') ? 'maybe' : 'yes'
}

export function or(...values: Tri[]): Tri {
  if (values.includes('yes')) return 'yes'
  return values.includes('maybe') ? 'maybe' : 'no'
}

export function not(value: Tri): Tri {
  return value === 'yes' ? 'no' : value === 'no' ? 'yes' : 'maybe'
}
