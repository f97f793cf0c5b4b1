import { describe, expect, it } from 'vitest';
import { dockerdArgs, dockerdPaths } from './dockerd';

describe('dockerd settings', () => {
  it('keeps every piece of state under its own root, away from a user dockerd', () => {
    const p = dockerdPaths('/var/lib/k8ts/docker');
    expect(p.socket).toBe('/var/lib/k8ts/docker/docker.sock');
    expect(p.dataRoot).toBe('/var/lib/k8ts/docker/data');
    expect(p.execRoot).toMatch(/^\/run\/k8ts\/[0-9a-f]{12}\/exec$/);
    expect(dockerdPaths('/var/lib/k8ts/other').execRoot).not.toBe(p.execRoot);
    const args = dockerdArgs(p);
    expect(args).toEqual(
      expect.arrayContaining([
        '--host=unix:///var/lib/k8ts/docker/docker.sock',
        `--exec-root=${p.execRoot}`,
        '--config-file=/var/lib/k8ts/docker/daemon.json',
        '--bridge=none',
        '--iptables=false',
        '--ip-masq=false',
      ]),
    );
    expect(args.join(' ')).not.toMatch(/oom-score-adjust/);
  });

  it('moves the socket to /run when the root is too deep for a unix socket path', () => {
    const deep = `/tmp/${'x'.repeat(120)}`;
    expect(dockerdPaths(deep).socket).toMatch(/^\/run\/k8ts\/[0-9a-f]{12}\.sock$/);
    expect(dockerdPaths(deep, '/run/mine.sock').socket).toBe('/run/mine.sock');
  });
});
