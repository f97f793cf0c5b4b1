import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schedulerClient } from './scheduler';

describe('k8ts scheduler flags', () => {
  it('needs --master or --kubeconfig', () => {
    expect(() => schedulerClient({})).toThrow(
      'the scheduler needs an apiserver: pass --master URL or --kubeconfig FILE',
    );
  });

  it('takes the server from --master, over the kubeconfig’s, keeping its credentials', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-sched-cli-'));
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
      expect(schedulerClient({ kubeconfig }).config).toMatchObject({
        server: 'https://10.0.0.1:6443',
        token: 'secret',
      });
      expect(schedulerClient({ kubeconfig, master: 'http://127.0.0.1:8080/' }).config).toMatchObject({
        server: 'http://127.0.0.1:8080',
        token: 'secret',
      });
      expect(schedulerClient({ master: 'http://127.0.0.1:8080' }).config.server).toBe(
        'http://127.0.0.1:8080',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
