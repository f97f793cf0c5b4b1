// ensureImages: makes the images k8ts needs present in a dockerd without any registry, by `docker import` of a
// root filesystem built here. Only missing images are built, so calling it on every kubelet start is cheap.
//
// The pause image is busybox whose shell waits forever and exits 0 on SIGTERM: PID 1 ignores signals it has no
// handler for, so without the trap a `docker stop` would always wait out the grace period and then SIGKILL.
import type Docker from 'dockerode';
import { Readable } from 'node:stream';
import { busyboxRootfs, DEFAULT_BUSYBOX } from './busybox-rootfs';
import { writeTar, type TarEntry } from './tar-writer';

export const BUSYBOX_IMAGE = 'k8ts/busybox:1';
export const PAUSE_IMAGE = 'k8ts/pause:1';
export const PAUSE_COMMAND = ['sh', '-c', 'trap "exit 0" TERM INT; while :; do sleep 3600 & wait; done'];

export interface LocalImage {
  /** Every tag the image gets; the first one is the import target. */
  tags: string[];
  /** Dockerfile instructions applied at import (`CMD [...]`). */
  changes: string[];
}

export const LOCAL_IMAGES: LocalImage[] = [
  { tags: [BUSYBOX_IMAGE, 'busybox:latest'], changes: ['CMD ["sh"]'] },
  { tags: [PAUSE_IMAGE], changes: [`CMD ${JSON.stringify(PAUSE_COMMAND)}`] },
];

export interface EnsureImagesOptions {
  busyboxPath?: string;
  progress?: (message: string) => void;
}

function splitTag(ref: string): { repo: string; tag: string } {
  const i = ref.lastIndexOf(':');
  return i > ref.lastIndexOf('/')
    ? { repo: ref.slice(0, i), tag: ref.slice(i + 1) }
    : { repo: ref, tag: 'latest' };
}

export async function imageExists(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

async function importTar(docker: Docker, tar: Buffer, ref: string, changes: string[]): Promise<void> {
  const { repo, tag } = splitTag(ref);
  const stream = await docker.importImage(Readable.from([tar]) as unknown as string, { repo, tag, changes });
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())),
  );
}

/** Builds and tags every missing local image. Returns the tags it created. */
export async function ensureImages(docker: Docker, options: EnsureImagesOptions = {}): Promise<string[]> {
  const created: string[] = [];
  let rootfs: TarEntry[] | undefined;
  let tar: Buffer | undefined;
  for (const image of LOCAL_IMAGES) {
    const present = await Promise.all(image.tags.map((t) => imageExists(docker, t)));
    if (present.every(Boolean)) continue;
    const [target, ...aliases] = image.tags as [string, ...string[]];
    if (!present[0]) {
      options.progress?.(`building image ${target} from ${options.busyboxPath ?? DEFAULT_BUSYBOX}`);
      rootfs ??= await busyboxRootfs(options.busyboxPath);
      tar ??= writeTar(rootfs);
      await importTar(docker, tar, target, image.changes);
      created.push(target);
    }
    for (const [i, alias] of aliases.entries()) {
      if (present[i + 1]) continue;
      await docker.getImage(target).tag(splitTag(alias));
      created.push(alias);
    }
  }
  return created;
}
