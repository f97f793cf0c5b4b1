// The commands, checked with a recording runner; then the real thing inside a throwaway network namespace
// (root only): with the route every service address can be bound, without it none can.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CommandError, RecordingRunner, netnsRunner } from '../util/command-runner';
import { LocalServiceRoute } from './local-route';

const exec = promisify(execFile);

describe('LocalServiceRoute', () => {
  it('replaces a local route for the whole service range on lo and deletes it again', async () => {
    const runner = new RecordingRunner();
    const route = new LocalServiceRoute('10.96.0.0/16', runner);
    await route.ensure();
    await route.remove();
    expect(runner.commands).toEqual([
      'ip route replace local 10.96.0.0/16 dev lo table local',
      'ip route del local 10.96.0.0/16 dev lo table local',
    ]);
  });

  it('normalizes the range and rejects one that is not a CIDR', () => {
    expect(new LocalServiceRoute('10.96.7.1/16', new RecordingRunner()).range).toBe('10.96.0.0/16');
    expect(() => new LocalServiceRoute('10.96.0.0', new RecordingRunner())).toThrow(
      'invalid service range "10.96.0.0": want an IPv4 CIDR from /0 to /32',
    );
  });

  it('treats a route already gone as removed, and passes other failures on', async () => {
    const gone = new RecordingRunner(
      () => new CommandError('ip route del', 'RTNETLINK answers: No such process', 2),
    );
    await new LocalServiceRoute('10.96.0.0/16', gone).remove();
    const denied = new RecordingRunner(
      () => new CommandError('ip route replace', 'RTNETLINK answers: Operation not permitted', 2),
    );
    await expect(new LocalServiceRoute('10.96.0.0/16', denied).ensure()).rejects.toThrow(
      'Operation not permitted',
    );
  });

  const root = process.getuid?.() === 0;
  it.skipIf(!root)('makes service addresses bindable inside a network namespace, and undoes it', async () => {
    const ns = `k8tsus-${randomBytes(4).toString('hex')}`;
    const inNs = netnsRunner(ns);
    const bind = async () => {
      const script =
        "require('net').createServer().listen(8080,'10.97.5.5',function(){console.log('bound');this.close()})" +
        ".on('error',e=>console.log(e.code))";
      const { stdout } = await exec('ip', ['netns', 'exec', ns, process.execPath, '-e', script]);
      return stdout.trim();
    };
    const localRoutes = async () => (await exec('ip', ['-n', ns, 'route', 'show', 'table', 'local'])).stdout;
    await exec('ip', ['netns', 'add', ns]);
    try {
      // A node's namespace has lo up; with lo down the kernel lets any address be bound.
      await exec('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
      const route = new LocalServiceRoute('10.97.0.0/16', inNs);
      expect(await bind()).toBe('EADDRNOTAVAIL');
      await route.ensure();
      await route.ensure();
      expect(await localRoutes()).toContain('local 10.97.0.0/16 dev lo');
      expect(await bind()).toBe('bound');
      await route.remove();
      await route.remove();
      expect(await localRoutes()).not.toContain('10.97.0.0/16');
      expect(await bind()).toBe('EADDRNOTAVAIL');
    } finally {
      await exec('ip', ['netns', 'del', ns]);
    }
  });
});
