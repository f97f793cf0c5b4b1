import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { statusFromInspect } from './inspect-status';

function info(state: Partial<Docker.ContainerInspectInfo['State']>): Docker.ContainerInspectInfo {
  return {
    Id: 'c1',
    Name: '/k8s_app_web_default_u_3',
    Image: 'sha256:abc',
    Config: {
      Image: 'busybox',
      Labels: {
        'io.k8ts.managed': 'true',
        'io.kubernetes.pod.uid': 'u',
        'io.kubernetes.container.name': 'app',
        'io.k8ts.container.hash': 'h',
        'io.k8ts.container.restartCount': '3',
      },
    },
    State: {
      Status: 'running',
      ExitCode: 0,
      OOMKilled: false,
      Error: '',
      StartedAt: '2026-01-01T10:00:00.123456789Z',
      FinishedAt: '0001-01-01T00:00:00Z',
      ...state,
    },
  } as unknown as Docker.ContainerInspectInfo;
}

describe('statusFromInspect', () => {
  it('reads a running container, its labels and image ID', () => {
    expect(statusFromInspect(info({}))).toEqual({
      name: 'app',
      id: 'c1',
      image: 'busybox',
      imageId: 'docker://sha256:abc',
      hash: 'h',
      restartCount: 3,
      state: 'running',
      startedAt: '2026-01-01T10:00:00Z',
    });
  });

  it.each([
    [{ Status: 'exited', ExitCode: 0 }, 'Completed'],
    [{ Status: 'exited', ExitCode: 1 }, 'Error'],
    [{ Status: 'exited', ExitCode: 137, OOMKilled: true }, 'OOMKilled'],
  ])('%j is terminated with reason %s', (state, reason) => {
    const s = statusFromInspect(info({ ...state, FinishedAt: '2026-01-01T10:05:00Z' }));
    expect(s).toMatchObject({
      state: 'exited',
      reason,
      exitCode: state.ExitCode,
      finishedAt: '2026-01-01T10:05:00Z',
    });
  });

  it('treats a created-but-not-started container as waiting', () => {
    expect(statusFromInspect(info({ Status: 'created', StartedAt: '0001-01-01T00:00:00Z' }))).toMatchObject({
      state: 'waiting',
      reason: 'ContainerCreating',
    });
  });
});
