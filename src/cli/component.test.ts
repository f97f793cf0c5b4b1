import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { componentClient } from './component';

describe('componentClient', () => {
  it('needs --master or --kubeconfig', () => {
    expect(() => componentClient('scheduler', {})).toThrow(
      'the scheduler needs an apiserver: pass --master URL or --kubeconfig FILE',
    );
  });

  it('takes the server from --master, over the kubeconfig’s, keeping its credentials', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-component-cli-'));
    try {
      const kubeconfig = path.join(dir, 'kubeconfig');
      writeFileSync(
        kubeconfig,
        [
          'apiVersion: v1',
          'kind: Config',
          'current-context: c',
          'contexts: [{name: c, context: {cluster: k, user: u}}]',
          'clusters: [{name: k, cluster: {server: "https://10.0.0.1:6443"}}]',
          'users: [{name: u, user: {token: secret}}]',
        ].join('\n'),
      );
      expect(componentClient('scheduler', { kubeconfig }).config).toMatchObject({
        server: 'https://10.0.0.1:6443',
        token: 'secret',
      });
      expect(
        componentClient('scheduler', { kubeconfig, master: 'http://127.0.0.1:8080/' }).config,
      ).toMatchObject({
        server: 'http://127.0.0.1:8080',
        token: 'secret',
      });
      expect(componentClient('scheduler', { master: 'http://127.0.0.1:8080' }).config.server).toBe(
        'http://127.0.0.1:8080',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
