// `k8ts proxy` in userspace mode for real, root only: runProxy inside a throwaway network namespace clears an
// iptables-mode proxy's leftover rules, makes the service range local, serves a cluster IP, refuses an
// unserved one at once, and removes the route on stop.
// The namespace is deleted whatever happens; the child is bounded by a timeout.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = process.platform === 'linux' && process.getuid?.() === 0;

describe('k8ts proxy (userspace) in a network namespace', () => {
  it.skipIf(!root)(
    'clears iptables leftovers, serves a cluster IP through the local route, removes it on stop',
    async () => {
      const ns = `k8tsus-${randomBytes(4).toString('hex')}`;
      await run('ip', ['netns', 'add', ns]);
      try {
        await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
        const fixture = path.join(import.meta.dirname, 'proxy-netns.fixture.ts');
        const { stdout } = await run(
          'ip',
          ['netns', 'exec', ns, process.execPath, '--import', 'tsx', fixture],
          { timeout: 25_000, env: { ...process.env, K8TS_LOG_LEVEL: 'silent' } },
        );
        const got = JSON.parse(stdout.trim().split('\n').pop()!) as { staleRules: number };
        expect(got.staleRules).toBeGreaterThan(0);
        expect(got).toEqual({
          staleRules: expect.any(Number),
          rulesWhileRunning: 0,
          reached: 'backend',
          unserved: 'ECONNREFUSED',
          routeWhileRunning: true,
          routeAfterStop: false,
        });
      } finally {
        await run('ip', ['netns', 'del', ns]);
      }
    },
  );
});
