// The k8ts command starts and reports its version: the CLI shell and tsx wiring work from a clean checkout.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('k8ts command', () => {
  it('prints its version and the Kubernetes version it serves', () => {
    const out = execFileSync('bin/k8ts', ['version'], { encoding: 'utf8' });
    expect(out).toMatch(/^k8ts \d+\.\d+\.\d+ \(serves Kubernetes v1\.32\./);
  });

  it('fails with a usage hint on an unknown verb', () => {
    let stderr = '';
    try {
      execFileSync('bin/k8ts', ['frobnicate'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      stderr = String((e as { stderr: string }).stderr);
    }
    expect(stderr).toContain("unknown command 'frobnicate'");
  });
});
