/**
 * The pairwise search of scope-set.ts (`onlyIn`) against brute force over a small universe: a
 * dimension whose values are eight numbered sign-ins (some of them only possibly there, "uncertain")
 * and whose atoms are subsets of them. Its leastPoints lists every value that makes the atoms true,
 * so the search has nothing to miss; what is checked is what it says: a certain value only in `a`
 * is "yes", only uncertain ones "maybe", none "no", and a search cut by its budget is never "no".
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {existence, onlyIn, UNPROVEN, type Dimension, type ScopeSet} from '../../dist/core/meaning/scope-set.js'

type Point = {n: number; uncertain?: true}
type Atom = {k: 'mask'; mask: number}

const SIZE = 8
const points = (uncertain: number): Point[] =>
  Array.from({length: SIZE}, (_, n) => ((uncertain >> n) & 1 ? {n, uncertain: true} : {n}))

function dimension(universe: Point[]): Dimension<Atom, Point> {
  const holds = (a: Atom, p: Point) => ((a.mask >> p.n) & 1) === 1
  return {holds, leastPoints: (atoms) => universe.filter((p) => atoms.every((a) => holds(a, p)))}
}

const inSet = (dim: Dimension<Atom, Point>, s: ScopeSet<Atom>, p: Point) =>
  s.include.some((a) => dim.holds(a, p)) && !s.exclude.some((a) => dim.holds(a, p))

/** Brute force: is some value in a and not in b, certainly or only possibly? */
function reference(universe: Point[], dim: Dimension<Atom, Point>, a: ScopeSet<Atom>, b: ScopeSet<Atom>) {
  const only = universe.filter((p) => inSet(dim, a, p) && !inSet(dim, b, p))
  return only.some((p) => !p.uncertain) ? 'yes' : only.length > 0 ? 'maybe' : 'no'
}

const atom = fc.integer({min: 1, max: (1 << SIZE) - 1}).map((mask): Atom => ({k: 'mask', mask}))
const atoms = (min: number, max: number) => fc.array(atom, {minLength: min, maxLength: max})

describe('onlyIn, the pairwise search, against brute force', () => {
  it('says yes, maybe or no as every value does, for new exclusions and changed includes alike', () => {
    fc.assert(
      fc.property(
        fc.integer({min: 0, max: (1 << SIZE) - 1}),
        atoms(1, 3),
        atoms(0, 3),
        atoms(0, 3),
        atoms(0, 2),
        (uncertain, include, exclude, added, otherInclude) => {
          const universe = points(uncertain)
          const dim = dimension(universe)
          // b: a with exclusions added and, sometimes, other include atoms (the same objects where kept).
          const a: ScopeSet<Atom> = {include, exclude}
          const b: ScopeSet<Atom> = {
            include: otherInclude.length > 0 ? otherInclude : include,
            exclude: [...exclude, ...added],
          }
          for (const [x, y] of [
            [a, b],
            [b, a],
          ]) {
            const found = onlyIn(dim, x, y)
            expect(existence(found), JSON.stringify({uncertain, x, y})).to.equal(reference(universe, dim, x, y))
            for (const p of found) if (p !== UNPROVEN) expect(inSet(dim, x, p) && !inSet(dim, y, p)).to.equal(true)
          }
        },
      ),
      {numRuns: 3000, seed: 823},
    )
  })

  it('an uncertain value first does not end the search for an exclusion: the certain one after it is found', () => {
    const universe = points(0b01) // value 0 only possibly there, value 1 certain
    const dim = dimension(universe)
    const a: ScopeSet<Atom> = {
      include: [
        {k: 'mask', mask: 0b01},
        {k: 'mask', mask: 0b10},
      ],
      exclude: [],
    }
    const b: ScopeSet<Atom> = {include: a.include, exclude: [{k: 'mask', mask: 0b11}]}
    expect(existence(onlyIn(dim, a, b))).to.equal('yes')
  })

  it('20,000 new exclusions: cut by the budget ("maybe" at worst, never "no"), at once', () => {
    const dim = dimension(points(0))
    const include: Atom[] = [{k: 'mask', mask: 0b1}]
    const many = Array.from({length: 20_000}, (): Atom => ({k: 'mask', mask: 0b1}))
    const found = onlyIn(dim, {include, exclude: []}, {include, exclude: many})
    expect(found).to.include(UNPROVEN)
    expect(existence(found)).to.not.equal('no')
  })
})
