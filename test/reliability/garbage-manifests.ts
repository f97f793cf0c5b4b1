// Malformed manifests for the kubelet's sources: text no manifest parser should choke on — broken YAML and
// JSON, wrong types where a v1 Pod or a v1beta1 manifest has fields, huge and deeply nested documents, alias
// bombs, binary — plus random JSON values from fast-check. Each is named so a failure can say which one.
import fc from 'fast-check';
import { parseManifests } from '../../src/api/legacy';

export interface Garbage {
  name: string;
  body: Buffer;
}

const text = (name: string, s: string): Garbage => ({ name, body: Buffer.from(s) });
const json = (name: string, v: unknown): Garbage => text(name, JSON.stringify(v));

/** The fixed set: one of each kind the campaign tries every round. */
export function fixedGarbage(): Garbage[] {
  return [
    text('broken yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n  spec: :\n'),
    text('broken json', '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"'),
    text('tabs and colons', 'apiVersion:\tv1\n\t- : : :\n'),
    json('name is a number', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 42 },
      spec: { containers: [] },
    }),
    json('containers is a string', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'g1' },
      spec: { containers: 'nginx' },
    }),
    json('container fields wrong', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'g2' },
      spec: { containers: [{ name: 1, image: {}, ports: 'x', env: 5 }] },
    }),
    json('null container', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'g3' },
      spec: { containers: [null] },
    }),
    json('metadata null', { apiVersion: 'v1', kind: 'Pod', metadata: null, spec: null }),
    json('v1beta1 wrong types', { version: 'v1beta1', id: {}, containers: 5 }),
    json('v1beta1 bad container', { version: 'v1beta1', id: 'g4', containers: [{ name: [], image: 3 }] }),
    json('list of numbers', [1, 2, 3]),
    text('null', 'null'),
    text('number', '12345'),
    text('kind unknown', 'apiVersion: v1\nkind: Potato\nmetadata: {name: g5}\n'),
    text('deep nesting', '['.repeat(50_000) + ']'.repeat(50_000)),
    text('deep yaml', 'a:\n' + Array.from({ length: 2000 }, (_, i) => ' '.repeat(i + 1) + 'a:').join('\n')),
    text(
      'alias bomb',
      'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n' +
        'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
    ),
    text(
      'huge',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: huge\n  annotations:\n' + '    k: v\n'.repeat(400_000),
    ),
    { name: 'binary', body: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)) },
    text(
      'multi-doc, second broken',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: g6}\nspec: {containers: [{name: c, image: i}]}\n---\n{[\n',
    ),
    text('BOM and NUL', '\ufeff{"apiVersion":"v1"\u0000}'),
  ];
}

/** Whether the manifest parser accepts it after all: `null`, `[]` or `""` are valid empty manifests (no pods), so a
 * source serving one rightly stops its pods — fine for POST /pods' 4xx checks, not for a source's. */
export function parsesAsManifest(g: Garbage): boolean {
  try {
    parseManifests(g.body.toString(), g.name);
    return true;
  } catch {
    return false;
  }
}

/** `n` random JSON values (seeded): objects shaped a little like pods, and anything at all. */
export function randomGarbage(n: number, seed: number): Garbage[] {
  const podish = fc.record({
    apiVersion: fc.oneof(fc.constant('v1'), fc.jsonValue()),
    kind: fc.oneof(fc.constant('Pod'), fc.jsonValue()),
    metadata: fc.oneof(fc.record({ name: fc.jsonValue() }), fc.jsonValue()),
    spec: fc.oneof(fc.record({ containers: fc.jsonValue() }), fc.jsonValue()),
  });
  return fc
    .sample(fc.oneof(podish, fc.jsonValue()), { numRuns: n, seed })
    .map((v, i) => json(`random #${i}`, v));
}
