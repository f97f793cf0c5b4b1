import { describe, expect, it } from 'vitest';
import { isShimOf } from './dockerd-shims';

describe('isShimOf', () => {
  const root = '/run/k8ts/0123456789ab/exec';
  const shim = (address: string) => [
    '/usr/bin/containerd-shim-runc-v2',
    ...['-namespace', 'moby', '-id', 'f3ce3c5d', '-address', address],
  ];

  it('knows the shims of the containerd under our exec root', () => {
    expect(isShimOf(shim(`${root}/containerd/containerd.sock`), root)).toBe(true);
  });

  it('leaves alone the shims of another daemon, even one whose exec root starts like ours', () => {
    expect(isShimOf(shim('/run/containerd/containerd.sock'), root)).toBe(false);
    expect(isShimOf(shim(`${root}2/containerd/containerd.sock`), root)).toBe(false);
  });

  it('is never a process that only mentions our exec root', () => {
    expect(isShimOf(['containerd', '--config', `${root}/containerd/containerd.toml`], root)).toBe(false);
    expect(isShimOf(['/usr/bin/containerd-shim-runc-v2', '-address'], root)).toBe(false);
  });
});
