import { describe, expect, it } from 'vitest';
import { everything, nothing, parseSelector, type Labels, type Selector } from '../labels';
import { compileSelectors } from './label-matcher';

describe('compileSelectors agrees with the selectors it compiles', () => {
  const labelSets: Labels[] = [
    undefined,
    {},
    { app: 'web' },
    { app: 'web', tier: 'front' },
    { app: 'db', tier: 'front' },
    { constructor: 'x' },
    { cores: '8' },
  ];
  it.each([
    'app=web',
    'app==web',
    'app in (web)',
    'app in (web,db)',
    'app!=web',
    'app notin (db)',
    'tier',
    '!tier',
    'cores>4',
    'app=web,tier=front',
    'constructor=x',
    'toString=x',
  ])('%s', (text) => {
    const sel = parseSelector(text);
    const m = compileSelectors([sel]).matches;
    for (const labels of labelSets)
      expect([text, labels, m(labels)]).toEqual([text, labels, sel.matches(labels)]);
  });

  it('ANDs several selectors', () => {
    const m = compileSelectors([parseSelector('app=web'), parseSelector('tier=front')]).matches;
    expect([m({ app: 'web', tier: 'front' }), m({ app: 'web' }), m({ tier: 'front' })]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it.each<[string, Selector[], boolean]>([
    ['no selectors match nothing', [], false],
    ['everything() matches all', [everything()], true],
    ['nothing() matches nothing', [nothing()], false],
    ['nothing() wins over the others', [parseSelector('app=web'), nothing()], false],
  ])('%s', (_name, selectors, want) => {
    expect(compileSelectors(selectors).matches({ app: 'web' })).toBe(want);
  });
});

describe('compileSelectors: the label that narrows the search', () => {
  it.each<[string, string[], string | undefined, boolean]>([
    ['one pinned key is the whole selector', ['app=web'], 'app=web', true],
    ['in with one value pins too', ['app in (web)'], 'app=web', true],
    ['the same requirement twice is still exact', ['app=web', 'app=web'], 'app=web', true],
    ['two requirements: a hint, not the answer', ['app=web', 'tier=front'], 'app=web', false],
    ['a pinned key among others', ['tier!=back,app=web'], 'app=web', false],
    ['nothing pinned', ['app in (web,db)'], undefined, false],
  ])('%s', (_name, texts, label, exact) => {
    const c = compileSelectors(texts.map((t) => parseSelector(t)));
    expect({ label: c.label, exact: c.exact }).toEqual({ label, exact });
  });
});
