// Property: for any valid selector, its canonical text parses back to an equal selector that matches
// exactly the same label sets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSelector, Requirement, selectorFromRequirements, type Operator } from './index';

const key = fc.constantFrom('a', 'b', 'in', 'notin', 'x.y/z', 'k8s.io/app');
const value = fc.constantFrom('', '1', '42', 'v', 'in', 'A_b-c.d');
const requirement = fc
  .tuple(
    key,
    fc.constantFrom<Operator>('in', 'notin', '=', '==', '!=', 'exists', '!', 'gt', 'lt'),
    fc.array(value, { minLength: 1, maxLength: 3 }),
  )
  .map(([k, op, vs]) => {
    if (op === 'exists' || op === '!') return Requirement.create(k, op);
    if (op === 'in' || op === 'notin') return Requirement.create(k, op, vs);
    if (op === 'gt' || op === 'lt') return Requirement.create(k, op, [String(vs.length * 7)]);
    return Requirement.create(k, op, [vs[0]!]);
  });
const labels = fc.dictionary(key, value, { maxKeys: 4 });

describe('canonical text', () => {
  it('parses back to an equal selector with the same matches', () => {
    fc.assert(
      fc.property(
        fc.array(requirement, { maxLength: 5 }),
        fc.array(labels, { maxLength: 5 }),
        (reqs, sets) => {
          const s = selectorFromRequirements(reqs);
          const back = parseSelector(s.toString());
          expect(back.equals(s)).toBe(true);
          for (const l of sets) expect(back.matches(l)).toBe(s.matches(l));
        },
      ),
      { numRuns: 300 },
    );
  });
});
