import { describe, expect, it } from 'vitest';
import { describeChange, ruleChanges } from './rule-changes';
import type { ServicePortInfo } from './service-ports';

const port = (name: string, extra: Partial<ServicePortInfo> = {}): ServicePortInfo => ({
  name,
  id: `${name}/TCP`,
  protocol: 'TCP',
  clusterIP: '10.96.0.10',
  port: 80,
  endpoints: ['10.244.1.2:8080'],
  ...extra,
});

const summary = (before: ServicePortInfo[], after: ServicePortInfo[]) =>
  ruleChanges(before, after).map((c) => `${describeChange(c).msg} ${c.port.name}`);

describe('ruleChanges', () => {
  const cases: [string, ServicePortInfo[], ServicePortInfo[], string[]][] = [
    ['nothing changed', [port('a')], [port('a')], []],
    ['from nothing', [], [port('b'), port('a')], ['service port added a', 'service port added b']],
    ['removed', [port('a'), port('b')], [port('b')], ['service port removed a']],
    [
      'endpoints changed',
      [port('a')],
      [port('a', { endpoints: ['10.244.1.2:8080', '10.244.2.2:8080'] })],
      ['endpoints changed a'],
    ],
    ['port moved', [port('a')], [port('a', { port: 81 })], ['service port changed a']],
    ['node port set', [port('a')], [port('a', { nodePort: 30080 })], ['service port changed a']],
    ['affinity set', [port('a')], [port('a', { affinityTimeoutSeconds: 60 })], ['service port changed a']],
  ];
  for (const [name, before, after, want] of cases)
    it(name, () => {
      expect(summary(before, after)).toEqual(want);
    });

  it('describes an endpoints change with the new and old endpoints', () => {
    const [c] = ruleChanges([port('a')], [port('a', { endpoints: [] })]);
    expect(describeChange(c!)).toEqual({
      msg: 'endpoints changed',
      fields: {
        service: 'a',
        protocol: 'TCP',
        clusterIP: '10.96.0.10',
        port: 80,
        endpoints: [],
        was: ['10.244.1.2:8080'],
      },
    });
  });
});
