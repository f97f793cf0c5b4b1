// LocalServiceRoute: makes every address of the service range local to this node (a `local` route in the
// kernel's local table), so the userspace proxy can bind any cluster IP and a connection to a port nobody
// serves is refused by the node itself. `replace` makes ensure() idempotent; remove() tolerates "gone".
import { parseCidr, formatCidr } from '../util';
import { CommandError, type CommandRunner } from '../util/command-runner';

export class LocalServiceRoute {
  private readonly cidr: string;

  /** Throws `invalid service range "…": …` for a bad CIDR. */
  constructor(
    serviceCidr: string,
    private readonly runner: CommandRunner,
  ) {
    this.cidr = formatCidr(parseCidr(serviceCidr, { what: 'service range' }));
  }

  get range(): string {
    return this.cidr;
  }

  private args(verb: 'replace' | 'del'): string[] {
    return ['route', verb, 'local', this.cidr, 'dev', 'lo', 'table', 'local'];
  }

  /** Adds (or re-asserts) the route. Rejects with the `ip` error, e.g. without CAP_NET_ADMIN. */
  async ensure(): Promise<void> {
    await this.runner.run('ip', this.args('replace'));
  }

  /** Removes the route; succeeds when it is already gone. */
  async remove(): Promise<void> {
    try {
      await this.runner.run('ip', this.args('del'));
    } catch (err) {
      if (err instanceof CommandError && /No such process|not found|does not exist/i.test(err.stderr)) return;
      throw err;
    }
  }
}
