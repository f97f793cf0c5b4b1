// kubecfg rollingupdate: replaces an RC's pods one at a time — delete one, wait until the replication
// controller has started its replacement and it is Running, sleep the update period, then the next — so the
// service behind them never loses more than one pod. With --image the RC's template gets the new image first,
// so every replacement runs it.
import type { Pod, ReplicationController } from '../../../api/types';
import { UsageError } from '../usage-error';
import { podsOf, waitUntil, type OpsDeps } from './controller-ops';

export async function rollingUpdate(
  d: OpsDeps,
  name: string,
  periodMs: number,
  image?: string,
): Promise<number> {
  let rc = await d.client.get<ReplicationController>('replicationcontrollers', d.namespace, name);
  if (image) rc = await setImage(d, rc, image);
  const old = (await podsOf(d, rc)).sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!));
  const oldNames = new Set(old.map((p) => p.metadata!.name!));
  const isNewRunning = (p: Pod) => !oldNames.has(p.metadata!.name!) && p.status?.phase === 'Running';
  for (const [i, pod] of old.entries()) {
    const podName = pod.metadata!.name!;
    d.log(`Updating pod ${podName} (${i + 1}/${old.length})`);
    await d.client.delete('pods', d.namespace, podName);
    await waitUntil(d, `a Running replacement for pod ${podName}`, async () => {
      const running = (await podsOf(d, rc)).filter(isNewRunning);
      return running.length >= i + 1;
    });
    d.log(`Pod ${podName} replaced`);
    if (i < old.length - 1 && periodMs > 0) await d.sleep(periodMs);
  }
  d.log(`Update of ${name} done: ${old.length} pods replaced`);
  return old.length;
}

async function setImage(
  d: OpsDeps,
  rc: ReplicationController,
  image: string,
): Promise<ReplicationController> {
  const containers = rc.spec?.template?.spec?.containers ?? [];
  if (containers.length !== 1)
    throw new UsageError(
      `--image needs a replication controller with one container; ${rc.metadata?.name} has ${containers.length}`,
    );
  const patch = { spec: { template: { spec: { containers: [{ ...containers[0], image }] } } } };
  d.log(`Setting the image of ${rc.metadata?.name} to ${image}`);
  return d.client.patch<ReplicationController>(
    'replicationcontrollers',
    d.namespace,
    rc.metadata!.name!,
    'merge',
    patch,
  );
}
