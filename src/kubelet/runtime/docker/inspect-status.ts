// Reads a container's runtime status out of `docker inspect`: state, Kubernetes' reasons (Completed, Error,
// OOMKilled), exit code, times in RFC 3339, image ID, and the spec hash and restart count from its labels.
import type Docker from 'dockerode';
import { rfc3339 } from '../../../util';
import { parseLabels } from '../labels';
import type { ContainerRuntimeStatus } from '../runtime';

const NEVER = '0001-01-01T00:00:00Z';

function time(docker: string | undefined): string | undefined {
  if (!docker || docker.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(docker);
  return Number.isNaN(ms) ? undefined : rfc3339(ms);
}

export function statusFromInspect(info: Docker.ContainerInspectInfo): ContainerRuntimeStatus {
  const labels = parseLabels(info.Config.Labels);
  const s = info.State;
  const base = {
    name: labels?.containerName ?? info.Name.replace(/^\//, ''),
    id: info.Id,
    image: info.Config.Image,
    imageId: `docker://${info.Image}`,
    hash: labels?.hash ?? '',
    restartCount: labels?.restartCount ?? 0,
  };
  switch (s.Status) {
    case 'running':
    case 'paused':
    case 'restarting':
      return { ...base, state: 'running', startedAt: time(s.StartedAt) };
    case 'created':
      return { ...base, state: 'waiting', reason: 'ContainerCreating' };
    case 'exited':
    case 'dead': {
      const reason = s.OOMKilled ? 'OOMKilled' : s.ExitCode === 0 ? 'Completed' : 'Error';
      return {
        ...base,
        state: 'exited',
        reason,
        exitCode: s.ExitCode,
        ...(s.Error ? { message: s.Error } : {}),
        startedAt: time(s.StartedAt),
        finishedAt: time(s.FinishedAt === NEVER ? undefined : s.FinishedAt),
      };
    }
    default:
      return { ...base, state: 'unknown', reason: s.Status };
  }
}
