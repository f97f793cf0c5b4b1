import { describe, expect, it } from 'vitest';
import { chainNames } from './chain-names';
import { renderRules, restoreInput, deleteInput, type RenderOptions } from './render-rules';
import { servicePorts } from '../service-ports';
import { makeEndpoints, makeService } from './test-fixtures';
import type { Endpoints, Service } from '../../api/types';

const names = chainNames('KTST');
const options: RenderOptions = {
  clusterCidr: '10.244.0.0/16',
  serviceCidr: '10.96.0.0/16',
  nodeIps: ['10.240.0.2'],
  names,
};
const http = { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' };
const WEB = 'default/web:http/TCP';
const svc = names.service(WEB);
const sep = (ep: string) => names.endpoint(WEB, ep);

function render(services: Service[], endpoints: Endpoints[], opts: RenderOptions = options) {
  return renderRules(servicePorts(services, endpoints), opts);
}

const web = (extra: Partial<Parameters<typeof makeService>[1]> = {}) =>
  makeService('web', { clusterIP: '10.96.0.10', ports: [http], ...extra });
const webEndpoints = (...ips: string[]) => makeEndpoints('web', { http: { port: 8080, ips } });

describe('renderRules', () => {
  it('sends a cluster IP port to its service chain, and that to endpoints in turn', () => {
    const { nat } = render([web()], [webEndpoints('10.244.1.2', '10.244.1.3', '10.244.1.4')]);
    expect(nat.rules).toContain(
      `-A KTST-SERVICES -m comment --comment "default/web:http cluster IP" -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j ${svc}`,
    );
    const picks = nat.rules.filter((r) => r.startsWith(`-A ${svc} `) && r.includes('-> '));
    expect(picks).toEqual([
      `-A ${svc} -m comment --comment "default/web:http -> 10.244.1.2:8080" -m statistic --mode nth --every 3 --packet 0 -j ${sep('10.244.1.2:8080')}`,
      `-A ${svc} -m comment --comment "default/web:http -> 10.244.1.3:8080" -m statistic --mode nth --every 2 --packet 0 -j ${sep('10.244.1.3:8080')}`,
      `-A ${svc} -m comment --comment "default/web:http -> 10.244.1.4:8080" -j ${sep('10.244.1.4:8080')}`,
    ]);
    expect(nat.rules).toContain(
      `-A ${sep('10.244.1.3:8080')} -m comment --comment "default/web:http" -p tcp -j DNAT --to-destination 10.244.1.3:8080`,
    );
  });

  it('gives every endpoint the same number of connections, for any number of endpoints', () => {
    for (const n of [1, 2, 5, 9]) {
      const ips = Array.from({ length: n }, (_, i) => `10.244.2.${i + 1}`);
      const { nat } = render([web()], [webEndpoints(...ips)]);
      // The kernel's nth match: a counter per rule, starting at --packet, that matches when it wraps.
      const picks = nat.rules
        .filter((r) => r.startsWith(`-A ${svc} `) && r.includes('-> '))
        .map((r) => {
          const nth = /--mode nth --every (\d+) --packet (\d+)/.exec(r);
          return {
            every: Number(nth?.[1] ?? 1),
            count: Number(nth?.[2] ?? 0),
            to: / -j (\S+)$/.exec(r)![1]!,
          };
        });
      const reached = new Map<string, number>();
      for (let connection = 0; connection < 12 * n; connection++) {
        const pick = picks.find((p) => (p.count = (p.count + 1) % p.every) === 0)!;
        reached.set(pick.to, (reached.get(pick.to) ?? 0) + 1);
      }
      expect([...reached.values()]).toEqual(Array<number>(n).fill(12));
    }
  });

  it('masquerades clients outside the cluster range and an endpoint reaching itself (hairpin)', () => {
    const { nat } = render([web()], [webEndpoints('10.244.1.2')]);
    expect(nat.rules).toContain(
      `-A ${svc} -m comment --comment "default/web:http cluster IP" ! -s 10.244.0.0/16 -j KTST-MARK-MASQ`,
    );
    expect(nat.rules).toContain(
      `-A ${sep('10.244.1.2:8080')} -m comment --comment "default/web:http" -s 10.244.1.2/32 -j KTST-MARK-MASQ`,
    );
    expect(nat.rules).toContain('-A KTST-MARK-MASQ -j MARK --or-mark 0x4000');
    expect(nat.rules).toContain('-A KTST-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN');
    expect(nat.rules.filter((r) => r.startsWith('-A KTST-POSTROUTING')).at(-1)).toMatch(/-j MASQUERADE$/);
  });

  it('refuses a port without endpoints in the filter table and gives it no nat chain', () => {
    const { filter, nat } = render([web()], [webEndpoints()]);
    expect(filter.rules).toContain(
      '-A KTST-SERVICES -m comment --comment "default/web:http has no endpoints" -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    );
    expect(nat.chains).not.toContain(svc);
    expect(nat.rules.some((r) => r.includes('10.96.0.10'))).toBe(false);
  });

  it('refuses every other address of the service range, after the per-port rules', () => {
    const { filter } = render([web()], [webEndpoints()]);
    expect(filter.rules.at(-1)).toBe(
      '-A KTST-SERVICES -m comment --comment "no service serves this cluster IP port" -d 10.96.0.0/16 -j REJECT --reject-with icmp-port-unreachable',
    );
  });

  it('serves a node port on each node IP, masqueraded, and refuses it without endpoints', () => {
    const np = web({ type: 'NodePort', ports: [{ ...http, nodePort: 30080 }] });
    const both = { ...options, nodeIps: ['10.240.0.2', '10.240.1.2'] };
    const { nat } = render([np], [webEndpoints('10.244.1.2')], both);
    const nodePortRules = nat.rules.filter((r) => r.startsWith('-A KTST-NODEPORTS'));
    expect(nodePortRules).toEqual([
      '-A KTST-NODEPORTS -m comment --comment "default/web:http" -d 10.240.0.2/32 -p tcp -m tcp --dport 30080 -j KTST-MARK-MASQ',
      `-A KTST-NODEPORTS -m comment --comment "default/web:http" -d 10.240.0.2/32 -p tcp -m tcp --dport 30080 -j ${svc}`,
      '-A KTST-NODEPORTS -m comment --comment "default/web:http" -d 10.240.1.2/32 -p tcp -m tcp --dport 30080 -j KTST-MARK-MASQ',
      `-A KTST-NODEPORTS -m comment --comment "default/web:http" -d 10.240.1.2/32 -p tcp -m tcp --dport 30080 -j ${svc}`,
    ]);
    expect(nat.rules.filter((r) => r.startsWith('-A KTST-SERVICES')).at(-1)).toBe(
      '-A KTST-SERVICES -m comment --comment "node ports; must be last" -j KTST-NODEPORTS',
    );
    const { filter } = render([np], [], both);
    expect(filter.rules).toContain(
      '-A KTST-SERVICES -m comment --comment "default/web:http has no endpoints" -d 10.240.1.2/32 -p tcp -m tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable',
    );
  });

  it('serves node ports on every local address when no node IP is given', () => {
    const np = web({ type: 'NodePort', ports: [{ ...http, nodePort: 30080 }] });
    const { nat } = render([np], [webEndpoints('10.244.1.2')], { ...options, nodeIps: [] });
    expect(nat.rules).toContain(
      '-A KTST-SERVICES -m comment --comment "node ports; must be last" -m addrtype --dst-type LOCAL -j KTST-NODEPORTS',
    );
    expect(nat.rules).toContain(
      `-A KTST-NODEPORTS -m comment --comment "default/web:http" -p tcp -m tcp --dport 30080 -j ${svc}`,
    );
  });

  it('keeps a client on its endpoint under ClientIP affinity with recent lists', () => {
    const sticky = web({ sessionAffinity: 'ClientIP', affinitySeconds: 600 });
    const { nat } = render([sticky], [webEndpoints('10.244.1.2', '10.244.1.3')]);
    const chain = nat.rules.filter((r) => r.startsWith(`-A ${svc} `) && r.includes('-> '));
    expect(chain[0]).toBe(
      `-A ${svc} -m comment --comment "default/web:http -> 10.244.1.2:8080" -m recent --name ${sep('10.244.1.2:8080')} --rcheck --seconds 600 --reap -j ${sep('10.244.1.2:8080')}`,
    );
    expect(chain.slice(0, 2).every((r) => r.includes('--rcheck'))).toBe(true);
    expect(chain.slice(2).some((r) => r.includes('-m recent'))).toBe(false);
    expect(nat.rules).toContain(
      `-A ${sep('10.244.1.3:8080')} -m comment --comment "default/web:http" -p tcp -m recent --name ${sep('10.244.1.3:8080')} --set -j DNAT --to-destination 10.244.1.3:8080`,
    );
  });

  it('uses the port’s protocol in matches and DNAT', () => {
    const dns = makeService('dns', {
      clusterIP: '10.96.0.53',
      ports: [{ name: 'dns', port: 53, protocol: 'UDP' }],
    });
    const ep = makeEndpoints('dns', { dns: { port: 5353, ips: ['10.244.1.5'], protocol: 'UDP' } });
    const { nat } = render([dns], [ep]);
    expect(nat.rules.some((r) => r.includes('-d 10.96.0.53/32 -p udp -m udp --dport 53 -j KTST-SVC-'))).toBe(
      true,
    );
    expect(nat.rules.some((r) => r.endsWith('-p udp -j DNAT --to-destination 10.244.1.5:5353'))).toBe(true);
  });

  it('counts ports, endpoints and rules for the log line', () => {
    const other = makeService('other', { clusterIP: '10.96.0.11', ports: [http] });
    const { counts, filter, nat } = render([web(), other], [webEndpoints('10.244.1.2', '10.244.1.3')]);
    expect(counts).toEqual({ servicePorts: 2, endpoints: 2, rules: filter.rules.length + nat.rules.length });
  });
});

describe('restoreInput', () => {
  it('declares our chains, appends their rules and deletes stale chains, filter then nat, one COMMIT each', () => {
    const rules = render([web()], [webEndpoints('10.244.1.2')]);
    const text = restoreInput(rules, { filter: [], nat: ['KTST-SVC-GONE'] });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('*filter');
    expect(lines[1]).toBe(':KTST-SERVICES - [0:0]');
    expect(lines.filter((l) => l === 'COMMIT')).toHaveLength(2);
    const nat = lines.slice(lines.indexOf('*nat'));
    expect(nat.filter((l) => l.startsWith(':'))).toEqual(
      [
        'KTST-SERVICES',
        'KTST-NODEPORTS',
        'KTST-POSTROUTING',
        'KTST-MARK-MASQ',
        svc,
        sep('10.244.1.2:8080'),
        'KTST-SVC-GONE',
      ].map((c) => `:${c} - [0:0]`),
    );
    expect(nat.at(-2)).toBe('-X KTST-SVC-GONE');
    expect(lines.some((l) => /^:(PREROUTING|OUTPUT|INPUT|FORWARD|POSTROUTING) /.test(l))).toBe(false);
  });

  it('renders the same text whatever the order of services and endpoint addresses', () => {
    const other = makeService('other', { clusterIP: '10.96.0.11', ports: [http] });
    const a = restoreInput(render([web(), other], [webEndpoints('10.244.1.2', '10.244.1.3')]));
    const b = restoreInput(render([other, web()], [webEndpoints('10.244.1.3', '10.244.1.2')]));
    expect(a).toBe(b);
  });

  it('deletes chains without adding any (cleanup)', () => {
    expect(deleteInput({ filter: ['KTST-SERVICES'], nat: [] })).toBe(
      '*filter\n:KTST-SERVICES - [0:0]\n-X KTST-SERVICES\nCOMMIT\n*nat\nCOMMIT\n',
    );
  });
});
