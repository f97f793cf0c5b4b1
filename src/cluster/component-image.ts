// The control-plane images, built on our own dockerd from what is on this machine (no registry is reachable):
// a base image `k8ts/base:<version>-<fingerprint>` imported from the root filesystem of
// component-image-rootfs.ts (streamed as a tar, one entry at a time — the node binary alone is ~100 MB), then
// one image per component, `k8ts/<component>:<version>-<fingerprint>` (also tagged `:<version>`), by a short
// build FROM the base that adds the bundle (dist/, a few MB: a source edit rebuilds only this) and an
// entrypoint that execs `node main.js <component>` with its output appended to $K8TS_LOG. Fingerprints
// cover every file that goes in and the recipe, so an up-to-date set of images costs a walk of file stats and
// a few inspects.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { dashboardDistDir } from '../dashboard/paths';
import { DEFAULT_BUSYBOX, imageExists } from '../kubelet/images';
import {
  IMAGE_MAIN,
  IMAGE_NODE,
  IMAGE_TREE,
  fingerprint,
  parseLdd,
  productionPackages,
  rootfsSources,
  type RootfsInputs,
} from './component-image-rootfs';
import { filesOf, plan, tarChunks, type Planned } from './component-image-tar';

/** The k8ts verbs that can run as containers (the control plane and cluster DNS). */
export const CONTAINER_VERBS = ['apiserver', 'controller-manager', 'scheduler', 'dns'] as const;
export type ContainerVerb = (typeof CONTAINER_VERBS)[number];

/** Appends the output to $K8TS_LOG when set, then becomes node (exec: no shell stays behind). */
const LAUNCH = `[ -n "$K8TS_LOG" ] && exec >>"$K8TS_LOG" 2>&1; exec ${IMAGE_NODE} --enable-source-maps ${IMAGE_MAIN} "$0" "$@"`;

/** A component image's entrypoint; the container's command is the verb's flags. */
export const entrypointOf = (verb: string): string[] => ['/bin/sh', '-c', LAUNCH, verb];

export interface ComponentImages {
  version: string;
  /** Of the component images: the base's fingerprint, the bundle and the recipe. */
  fingerprint: string;
  base: string;
  /** The image each verb runs, tagged with version and fingerprint. */
  byVerb: Record<ContainerVerb, string>;
}

/** The tags of a set of images (pure). */
export function componentImageRefs(version: string, baseHash: string, hash: string): ComponentImages {
  const byVerb = Object.fromEntries(
    CONTAINER_VERBS.map((v) => [v, `k8ts/${v}:${version}-${hash}`]),
  ) as Record<ContainerVerb, string>;
  return { version, fingerprint: hash, base: `k8ts/base:${version}-${baseHash}`, byVerb };
}

/** The Dockerfile of a component image, whose context holds dist/ (pure). The bundle comes first, so the
 * four builds share that layer. */
export function componentDockerfile(base: string, verb: string, hash: string): string {
  return [
    `FROM ${base}`,
    `COPY dist ${IMAGE_TREE}/dist`,
    `LABEL io.k8ts.component="${verb}" io.k8ts.fingerprint="${hash}"`,
    `ENTRYPOINT ${JSON.stringify(entrypointOf(verb))}`,
    '',
  ].join('\n');
}

/** A copy of the bundle: in a checkout, bin/k8ts replaces dist/ whenever a source changes, so it is copied
 * under bin/k8ts' own build lock and the image is made from that copy (mtimes kept, for the fingerprint). */
function snapshotDist(root: string): { dir: string; cleanup: () => void } {
  const dist = path.join(root, 'dist');
  if (!existsSync(path.join(root, 'src'))) return { dir: dist, cleanup: () => undefined };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'k8ts-image-'));
  const cleanup = () => rmSync(tmp, { recursive: true, force: true });
  try {
    execFileSync('flock', [path.join(root, '.k8ts-build.lock'), 'cp', '-a', dist, tmp], { stdio: 'pipe' });
  } catch (err) {
    cleanup();
    throw new Error(`cannot copy the bundle ${dist}: ${(err as Error).message}`);
  }
  return { dir: path.join(tmp, 'dist'), cleanup };
}

/** Where the base's pieces are on this machine: the checkout's (or release's) dashboard and node_modules. */
export function rootfsInputsOf(root: string): RootfsInputs {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Parameters<
    typeof productionPackages
  >[0];
  // A release has only the production packages installed; optional ones may be absent on this platform.
  const packages = productionPackages(lock).filter((k) => existsSync(path.join(root, k)));
  const ldd = (file: string) => parseLdd(execFileSync('ldd', [file], { encoding: 'utf8' }));
  const addons: string[] = [];
  for (const k of packages) {
    const release = path.join(root, k, 'build', 'Release');
    if (existsSync(release))
      addons.push(
        ...readdirSync(release)
          .filter((f) => f.endsWith('.node'))
          .map((f) => path.join(release, f)),
      );
  }
  let dashboard: string | undefined = dashboardDistDir();
  if (!existsSync(path.join(dashboard, 'index.html'))) dashboard = undefined;
  return {
    node: process.execPath,
    libraries: [process.execPath, ...addons].flatMap(ldd),
    busybox: DEFAULT_BUSYBOX,
    dashboard,
    packageJson: path.join(root, 'package.json'),
    root,
    packages,
  };
}

export interface EnsureComponentImagesOptions {
  /** The checkout or release tree (repoRoot). */
  root: string;
  progress?: (detail: string) => void;
}

export interface EnsuredImages extends ComponentImages {
  /** Whether anything was built (false: every image was up to date). */
  built: boolean;
  /** The base image's size in bytes. */
  bytes: number;
}

/** Builds whichever of the base and component images is missing for the current tree; idempotent. */
export async function ensureComponentImages(
  docker: Docker,
  options: EnsureComponentImagesOptions,
): Promise<EnsuredImages> {
  const { version } = JSON.parse(readFileSync(path.join(options.root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const base = plan(rootfsSources(rootfsInputsOf(options.root)));
  const baseHash = fingerprint(filesOf(base), `${version}\nbase`);
  const dist = snapshotDist(options.root);
  try {
    const bundle = plan([{ kind: 'tree', path: 'dist', from: dist.dir }]);
    if (!bundle.some((e) => e.path === 'dist/main.js'))
      throw new Error(`no bundle in ${path.join(options.root, 'dist')}: run bin/k8ts once to build it`);
    const recipe = `${baseHash}\n${componentDockerfile('', '', '')}`;
    const refs = componentImageRefs(version, baseHash, fingerprint(filesOf(bundle), recipe));
    return await ensureFrom(docker, refs, base, bundle, options);
  } finally {
    dist.cleanup();
  }
}

async function ensureFrom(
  docker: Docker,
  refs: ComponentImages,
  base: Planned[],
  bundle: Planned[],
  options: EnsureComponentImagesOptions,
): Promise<EnsuredImages> {
  let built = false;
  if (!(await imageExists(docker, refs.base))) {
    const mb = filesOf(base).reduce((n, f) => n + f.size, 0) / 1e6;
    options.progress?.(`building ${refs.base} (${base.length} entries, ${mb.toFixed(0)} MB)`);
    await importStream(docker, Readable.from(tarChunks(base)), refs.base);
    built = true;
  }
  for (const verb of CONTAINER_VERBS) {
    const ref = refs.byVerb[verb];
    if (!(await imageExists(docker, ref))) {
      options.progress?.(`building ${ref}`);
      const text = componentDockerfile(refs.base, verb, refs.fingerprint);
      const dockerfile: Planned = {
        type: 'file',
        path: 'Dockerfile',
        text,
        mode: 0o644,
        size: 0,
        mtimeMs: 0,
      };
      const context = Readable.from(tarChunks([dockerfile, ...bundle]));
      await follow(docker, await docker.buildImage(context as unknown as NodeJS.ReadableStream, { t: ref }));
      built = true;
    }
    // `:<version>` names the newest build of this version, for people reading `docker images`.
    await docker.getImage(ref).tag({ repo: `k8ts/${verb}`, tag: refs.version });
  }
  if (built) await removeStale(docker, refs);
  const bytes = ((await docker.getImage(refs.base).inspect()) as { Size?: number }).Size ?? 0;
  return { ...refs, built, bytes };
}

/** Earlier builds' images (~130 MB each) that no container uses any more; one still in use stays (Docker
 * refuses) until a later build. */
async function removeStale(docker: Docker, current: ComponentImages): Promise<void> {
  const keep = new Set([current.base, ...Object.values(current.byVerb)]);
  const ours = new RegExp(`^k8ts/(base|${CONTAINER_VERBS.join('|')}):.+-[0-9a-f]{12}$`);
  for (const image of await docker.listImages())
    for (const tag of image.RepoTags ?? [])
      if (ours.test(tag) && !keep.has(tag))
        await docker
          .getImage(tag)
          .remove()
          .catch(() => undefined);
}

async function importStream(docker: Docker, tar: Readable, ref: string): Promise<void> {
  const i = ref.lastIndexOf(':');
  const stream = await docker.importImage(tar as unknown as string, {
    repo: ref.slice(0, i),
    tag: ref.slice(i + 1),
  });
  await follow(docker, stream);
}

/** Waits for a build or import to end; a step that failed is reported in the stream, not by the status code. */
function follow(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) =>
    docker.modem.followProgress(
      stream,
      (err: Error | null, out: { error?: string; errorDetail?: { message?: string } }[]) => {
        const failed = out?.find((o) => o.error);
        if (err) reject(err);
        else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error));
        else resolve();
      },
    ),
  );
}
