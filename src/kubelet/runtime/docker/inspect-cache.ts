// InspectCache: the `docker inspect` of each managed container, reused while `docker ps` still lists the container
// in the state that inspect saw. The kubelet looks at every pod at each resync and around every sync; a
// container's inspect only changes with its state (Docker never restarts one of ours in place: a restart is a
// new container), so one list call tells which answers are still good, and a node of running pods costs one
// `docker ps` per look instead of one inspect per container.
import type Docker from 'dockerode';

export class InspectCache {
  private readonly byId = new Map<string, Docker.ContainerInspectInfo>();

  constructor(private readonly docker: Docker) {}

  /** The container's inspect; from the cache when `listedState` (its `docker ps` state) is the one cached. */
  async inspect(id: string, listedState: string): Promise<Docker.ContainerInspectInfo> {
    const cached = this.byId.get(id);
    if (cached && cached.State.Status === listedState) return cached;
    const info = await this.docker.getContainer(id).inspect();
    this.byId.set(id, info);
    return info;
  }

  forget(id: string): void {
    this.byId.delete(id);
  }

  /** Keeps only these containers (the ones a full listing still shows). */
  retain(ids: Iterable<string>): void {
    const keep = new Set(ids);
    for (const id of this.byId.keys()) if (!keep.has(id)) this.byId.delete(id);
  }
}
