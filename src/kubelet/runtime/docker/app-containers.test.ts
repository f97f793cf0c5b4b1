import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { ErrImagePull } from '../errors';
import { createContainer } from './app-containers';

/** A Docker whose create answers like dockerd does (dockerode's error shape), and counts the calls it got. */
function fakeDocker(answer: (config: Docker.ContainerCreateOptions) => Error | undefined) {
  const calls: string[] = [];
  const docker = {
    createContainer: async (config: Docker.ContainerCreateOptions) => {
      calls.push(`create ${config.Image}`);
      const err = answer(config);
      if (err) throw err;
      return { id: 'c1' };
    },
    getImage: (name: string) => ({ inspect: async () => void calls.push(`inspect ${name}`) }),
  } as unknown as Docker;
  return { docker, calls };
}

const dockerError = (statusCode: number, message: string) =>
  Object.assign(new Error(`(HTTP code ${statusCode}) no such container - ${message} `), { statusCode });

describe('createContainer', () => {
  it('creates in one call, without inspecting the image first', async () => {
    const { docker, calls } = fakeDocker(() => undefined);
    expect((await createContainer(docker, { Image: 'busybox' }, 'main')).id).toBe('c1');
    expect(calls).toEqual(['create busybox']);
  });

  it("answers Docker's No such image as ErrImagePull for that container", async () => {
    const { docker } = fakeDocker(() => dockerError(404, 'No such image: nope:1'));
    const err = await createContainer(docker, { Image: 'nope:1' }, 'main').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErrImagePull);
    expect(err).toMatchObject({ image: 'nope:1', container: 'main' });
    expect((err as Error).message).toContain('Failed to pull image "nope:1"');
  });

  it('passes other failures through, a missing sandbox among them', async () => {
    const { docker } = fakeDocker(() => dockerError(404, 'No such container: abc'));
    await expect(createContainer(docker, { Image: 'busybox' }, 'main')).rejects.toThrow('No such container');
    const conflict = fakeDocker(() => dockerError(409, 'Conflict. The container name is already in use'));
    await expect(createContainer(conflict.docker, { Image: 'busybox' }, 'main')).rejects.toThrow('Conflict');
  });

  it('refuses a container without an image as ErrImagePull, asking Docker nothing', async () => {
    const { docker, calls } = fakeDocker(() => undefined);
    await expect(createContainer(docker, {}, 'main')).rejects.toBeInstanceOf(ErrImagePull);
    expect(calls).toEqual([]);
  });
});
