import { describe, expect, it } from 'vitest';
import { CommandError, RecordingRunner } from '../kubelet/network';
import { chainName, ensureForwardGuard, removeForwardGuard } from './firewall';

/** A fake iptables holding which chains exist and the FORWARD jumps, in order. */
function fakeIptables(chains: Set<string>, jumps: string[]) {
  const fail = (line: string) => new CommandError(line, 'iptables: No chain/target/match by that name.', 1);
  return new RecordingRunner((line) => {
    const words = line.split(' ');
    const op = words[2];
    const target = words.at(-1)!; // the chain of -L/-N/-F/-X, the jump target of -C/-I/-D
    switch (op) {
      case '-L':
        return chains.has(words[3]!) ? '' : fail(line);
      case '-N':
        chains.add(target);
        return '';
      case '-X':
        chains.delete(target);
        return '';
      case '-C':
        return jumps.includes(target) ? '' : fail(line);
      case '-I':
        jumps.unshift(target);
        return '';
      case '-D': {
        const i = jumps.indexOf(target);
        if (i < 0) return fail(line);
        jumps.splice(i, 1);
        return '';
      }
      default:
        return '';
    }
  });
}

describe('the forwarding guard', () => {
  it('names the production chain K8TS-FORWARD and gives any other bridge its own', () => {
    expect(chainName('cbr0')).toBe('K8TS-FORWARD');
    expect(chainName('k8tsup0')).toBe('K8TS-FWD-k8tsup0');
    expect(chainName('a-very-long-bri').length).toBeLessThanOrEqual(28);
  });

  it('drops forwarding from the pod range out of any interface but the bridge, jumped to first in FORWARD', async () => {
    const chains = new Set<string>();
    const jumps: string[] = [];
    const runner = fakeIptables(chains, jumps);
    await ensureForwardGuard('cbr0', '10.244.0.0/24', runner);
    expect(runner.commands).toContain(
      'iptables -w -A K8TS-FORWARD -s 10.244.0.0/24 ! -o cbr0 -m comment --comment k8ts: pods stay on this machine -j DROP',
    );
    expect(runner.commands).toContain('iptables -w -I FORWARD 1 -j K8TS-FORWARD');
    expect(jumps).toEqual(['K8TS-FORWARD']);
  });

  it('with several nodes guards the cluster and node ranges on the host bridge, in a chain of its own', async () => {
    const chains = new Set<string>();
    const jumps: string[] = [];
    const runner = fakeIptables(chains, jumps);
    await ensureForwardGuard('k8tsmn0', ['10.250.0.0/16', '10.251.0.0/24'], runner);
    expect(runner.commands.filter((c) => c.includes(' -A '))).toEqual([
      'iptables -w -A K8TS-FWD-k8tsmn0 -s 10.250.0.0/16 ! -o k8tsmn0 -m comment --comment k8ts: pods stay on this machine -j DROP',
      'iptables -w -A K8TS-FWD-k8tsmn0 -s 10.251.0.0/24 ! -o k8tsmn0 -m comment --comment k8ts: pods stay on this machine -j DROP',
    ]);
    expect(jumps).toEqual(['K8TS-FWD-k8tsmn0']);
  });

  it('is idempotent: a second ensure adds no second jump and rebuilds the rule', async () => {
    const chains = new Set<string>();
    const jumps: string[] = [];
    await ensureForwardGuard('cbr0', '10.244.0.0/24', fakeIptables(chains, jumps));
    const again = fakeIptables(chains, jumps);
    await ensureForwardGuard('cbr0', '10.244.0.0/24', again);
    expect(jumps).toEqual(['K8TS-FORWARD']);
    expect(again.commands).toContain('iptables -w -F K8TS-FORWARD');
    expect(again.commands.filter((c) => c.includes(' -N '))).toEqual([]);
  });

  it('removes every jump and the chain, and then has nothing left to remove', async () => {
    const chains = new Set(['K8TS-FORWARD']);
    const jumps = ['K8TS-FORWARD', 'K8TS-FORWARD'];
    expect(await removeForwardGuard('cbr0', fakeIptables(chains, jumps))).toBe(true);
    expect(jumps).toEqual([]);
    expect(chains.size).toBe(0);
    expect(await removeForwardGuard('cbr0', fakeIptables(chains, jumps))).toBe(false);
  });
});
