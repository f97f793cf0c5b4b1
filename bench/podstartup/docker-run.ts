// The baseline: a bare `docker run -d --network none busybox sleep 3600` against the same dockerd, timed
// three ways: dockerode create + start (what the kubelet itself does per container, no CLI start-up) and the
// docker CLI process (what a person typing it sees), one after another; and n dockerode runs sent at once, the
// like-for-like baseline for a burst of pods. Every container is removed afterwards, by label.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type Docker from 'dockerode';

const run = promisify(execFile);
const LABEL = 'io.k8ts.bench';
const VALUE = 'podstartup';

/** Milliseconds for one `docker run` via dockerode create + start. */
async function dockerodeRun(docker: Docker): Promise<number> {
  const t = performance.now();
  const c = await docker.createContainer({
    Image: 'busybox',
    Cmd: ['sleep', '3600'],
    Labels: { [LABEL]: VALUE },
    HostConfig: { NetworkMode: 'none' },
  });
  await c.start();
  return performance.now() - t;
}

/** Milliseconds per `docker run`, via dockerode create + start, one after another. */
export async function dockerodeRuns(docker: Docker, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await dockerodeRun(docker));
  return samples;
}

/** The same, all n sent at once: the baseline for pods created all at once. */
export function dockerodeBurst(docker: Docker, n: number): Promise<number[]> {
  return Promise.all(Array.from({ length: n }, () => dockerodeRun(docker)));
}

/** Milliseconds per `docker -H unix://<socket> run -d ...` process, start to exit. */
export async function cliRuns(socket: string, n: number): Promise<number[]> {
  const samples: number[] = [];
  const args = ['-H', `unix://${socket}`, 'run', '-d', '--network', 'none'];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run('docker', [...args, '--label', `${LABEL}=${VALUE}`, 'busybox', 'sleep', '3600']);
    samples.push(performance.now() - t);
  }
  return samples;
}

/** Force-removes every container either function started. */
export async function removeBareContainers(docker: Docker): Promise<void> {
  const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${VALUE}`] } });
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
}
