// Creating containers for a sync: `docker create` with a missing image answered as ErrImagePull straight from
// Docker's 404 (no image inspect first: one call, not two), and the app containers of a pod created — not
// started — in spec order from its files and volumes, so they can be made while the sandbox starts. A container
// that cannot be created is returned with its error; the others still are.
import type Docker from 'dockerode';
import type { EnvVar, Pod } from '../../../api/types';
import { ErrImagePull } from '../errors';
import type { PodActions } from '../plan';
import { hashContainer } from '../spec-hash';
import { appContainerConfig } from './container-config';
import { writePodFiles, type PodDnsOptions } from './pod-files';
import { prepareVolumes, volumeSources } from './volumes';

/** An app container a sync created (or failed to create), to be started in spec order. */
export interface CreatedApp {
  name: string;
  image: string;
  container?: Docker.Container;
  error?: Error;
}

export interface AppContext {
  docker: Docker;
  rootDir: string;
  dns: PodDnsOptions;
  nodeName?: string;
  extraEnv?: readonly EnvVar[];
  /** Adds what every container of this node carries (its node label). */
  finish(config: Docker.ContainerCreateOptions): Docker.ContainerCreateOptions;
}

/** docker create; a missing image is ErrImagePull for `container` (`POD` for the sandbox). */
export async function createContainer(
  docker: Docker,
  config: Docker.ContainerCreateOptions,
  container: string,
): Promise<Docker.Container> {
  const image = config.Image ?? '';
  if (!image) throw new ErrImagePull(image, container);
  try {
    return await docker.createContainer(config);
  } catch (err) {
    const e = err as { statusCode?: number; message?: string };
    if (e.statusCode === 404 && /no such image/i.test(e.message ?? ''))
      throw new ErrImagePull(image, container);
    throw err;
  }
}

/** Writes the pod's volumes and files, then creates each container of `start` joined to the sandbox. */
export async function createApps(
  ctx: AppContext,
  pod: Pod,
  sandbox: { id: string; podIp: string },
  start: PodActions['start'],
): Promise<CreatedApp[]> {
  await prepareVolumes(ctx.rootDir, pod);
  const podFiles = await writePodFiles(ctx.rootDir, pod, sandbox.podIp, ctx.dns);
  const created: CreatedApp[] = [];
  for (const { container, restartCount } of start) {
    const image = container.image ?? '';
    try {
      const config = appContainerConfig(pod, container, {
        sandboxId: sandbox.id,
        podIp: sandbox.podIp,
        hash: hashContainer(container),
        restartCount,
        volumes: volumeSources(ctx.rootDir, pod),
        extraEnv: ctx.extraEnv,
        nodeName: ctx.nodeName,
        podFiles,
      });
      const made = await createContainer(ctx.docker, ctx.finish(config), container.name);
      created.push({ name: container.name, image, container: made });
    } catch (err) {
      created.push({ name: container.name, image, error: err as Error });
    }
  }
  return created;
}
