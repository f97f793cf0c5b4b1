// Test support for sources: records the updates a source emits and hands them out in order, so a test can
// step a FakeClock (or write to etcd) and then await exactly the next update.
import type { Pod } from '../../api/types';
import type { PodSource, SourceUpdate } from './types';

export class UpdateRecorder {
  readonly updates: SourceUpdate[] = [];
  private taken = 0;
  private waiter: (() => void) | undefined;

  readonly emit = (update: SourceUpdate): void => {
    this.updates.push(update);
    this.waiter?.();
  };

  /** The next update not yet handed out; rejects if none arrives within `timeoutMs` of real time. */
  async next(timeoutMs = 5000): Promise<SourceUpdate> {
    if (this.taken < this.updates.length) return this.updates[this.taken++]!;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no source update within ${timeoutMs} ms`)), timeoutMs);
      this.waiter = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
    });
    return this.updates[this.taken++]!;
  }

  /** Updates until one satisfies `done` (sources may restate an unchanged set in between). */
  async until(done: (u: SourceUpdate) => boolean, timeoutMs = 5000): Promise<SourceUpdate> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const u = await this.next(Math.max(1, deadline - Date.now()));
      if (done(u)) return u;
    }
  }
}

/** The pod names of an update, sorted. */
export function namesOf(update: SourceUpdate): string[] {
  return update.pods.map((p) => p.metadata!.name!).sort();
}

/** The seed's 2014 format: a v1beta1 ContainerManifest. */
export function manifestYaml(id: string, image = 'busybox'): string {
  return `version: v1beta1\nid: ${id}\ncontainers:\n  - name: main\n    image: ${image}\n    ports:\n      - containerPort: 80\n`;
}

/** The later format: a v1 Pod. */
export function podYaml(name: string, image = 'busybox', namespace?: string): string {
  const ns = namespace ? `\n  namespace: ${namespace}` : '';
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}${ns}\nspec:\n  containers:\n    - name: main\n      image: ${image}\n`;
}

/** A source a test drives by hand: push() delivers an update as the real source would. */
export class ManualSource implements PodSource {
  stopped = false;
  private emit: ((u: SourceUpdate) => void) | undefined;
  constructor(readonly name: string) {}

  start(emit: (u: SourceUpdate) => void): void {
    this.emit = emit;
  }

  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }

  push(pods: Pod[], extra: Partial<SourceUpdate> = {}): void {
    if (!this.emit) throw new Error(`source ${this.name} was not started`);
    this.emit({ source: this.name, pods, errors: [], ...extra });
  }
}
