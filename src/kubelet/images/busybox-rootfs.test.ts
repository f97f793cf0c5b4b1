import { describe, expect, it } from 'vitest';
import { rootfsEntries } from './busybox-rootfs';

describe('rootfsEntries', () => {
  const entries = rootfsEntries(Buffer.from('ELF'), [
    'bin/sh',
    'usr/bin/wget',
    'usr/sbin/httpd',
    'bin/busybox',
    '',
  ]);
  const byPath = new Map(entries.map((e) => [e.path, e]));

  it('links every applet to /bin/busybox and keeps the binary itself a file', () => {
    expect(byPath.get('usr/bin/wget')).toEqual({
      type: 'symlink',
      path: 'usr/bin/wget',
      target: '/bin/busybox',
    });
    expect(byPath.get('bin/busybox')).toMatchObject({ type: 'file', mode: 0o755 });
  });

  it('creates parent directories before their contents, and a sticky /tmp', () => {
    const order = entries.map((e) => e.path);
    expect(order.indexOf('usr')).toBeLessThan(order.indexOf('usr/sbin'));
    expect(order.indexOf('usr/sbin')).toBeLessThan(order.indexOf('usr/sbin/httpd'));
    expect(byPath.get('tmp')).toEqual({ type: 'dir', path: 'tmp', mode: 0o1777 });
  });

  it('has a root user and group', () => {
    const passwd = byPath.get('etc/passwd');
    expect(passwd?.type === 'file' && passwd.data.toString()).toMatch(/^root:x:0:0:/);
    expect(byPath.has('etc/group')).toBe(true);
  });
});
