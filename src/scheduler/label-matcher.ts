// LabelMatcher: a pod's spreading selectors compiled into one function over labels, because spreading
// matches them against every pod on every feasible node (millions of times in a large burst).
// Requirements that pin a key to one value become a direct property compare; anything else defers to
// the Requirement's own matches, so the result is always the selector's. Compiled once per selector
// list (kept in a WeakMap), so callers that reuse the list per controller pay for it once.
import type { Labels, Requirement, Selector } from '../labels';

export type LabelMatcher = (labels: Labels) => boolean;

const NEVER: LabelMatcher = () => false;

/** The value r pins its key to (`k=v`, `k==v`, `k in (v)`), else undefined. */
function pinnedValue(r: Requirement): string | undefined {
  const pins = r.operator === '=' || r.operator === '==' || r.operator === 'in';
  return pins && r.values.length === 1 ? r.values[0] : undefined;
}

function compileRequirement(r: Requirement): LabelMatcher {
  const single = pinnedValue(r);
  if (single !== undefined) {
    const key = r.key;
    // hasOwn guards against keys like "constructor" that every object inherits.
    return (labels) => labels !== undefined && labels[key] === single && Object.hasOwn(labels, key);
  }
  return (labels) => r.matches(labels);
}

/**
 * A pod's spreading selectors, compiled. `label` ("key=value") is one label every matching pod carries,
 * so a node whose pods lack it (NodeInfo.labelCount) is skipped without looking at them; `exact` says
 * carrying it is all the selectors ask, so that count is the answer.
 */
export interface CompiledSelectors {
  readonly matches: LabelMatcher;
  readonly label: string | undefined;
  readonly exact: boolean;
}

const compiled = new WeakMap<readonly Selector[], CompiledSelectors>();

/**
 * Matches labels that every one of selectors matches (their requirements ANDed, as kube-scheduler
 * combines a pod's service and controller selectors); no selectors, or one that is nothing(), match
 * nothing.
 */
export function compileSelectors(selectors: readonly Selector[]): CompiledSelectors {
  let c = compiled.get(selectors);
  if (!c) compiled.set(selectors, (c = compileAll(selectors)));
  return c;
}

const MATCH_NOTHING: CompiledSelectors = { matches: NEVER, label: undefined, exact: false };

function compileAll(selectors: readonly Selector[]): CompiledSelectors {
  if (selectors.length === 0) return MATCH_NOTHING;
  // nothing() has no requirements but is not empty(): it matches no object.
  if (selectors.some((s) => s.requirements().length === 0 && !s.empty())) return MATCH_NOTHING;
  const reqs = selectors.flatMap((s) => s.requirements());
  const pinned = reqs.find((r) => pinnedValue(r) !== undefined);
  const label = pinned ? `${pinned.key}=${pinnedValue(pinned)}` : undefined;
  const each = reqs.map(compileRequirement);
  const exact = label !== undefined && new Set(reqs.map((r) => r.toString())).size === 1;
  if (each.length === 0) return { matches: () => true, label, exact };
  if (each.length === 1) return { matches: each[0]!, label, exact };
  const matches: LabelMatcher = (labels) => {
    for (let i = 0; i < each.length; i++) if (!each[i]!(labels)) return false;
    return true;
  };
  return { matches, label, exact };
}
