// The flags that make the scheduler, controller-manager and kubelet observable: their /metrics ports and
// addresses (Kubernetes' defaults, local only) and --v.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { metricsPort, registerControllerManager } from './controller-manager';
import { registerKubelet } from './kubelet';
import { registerScheduler } from './scheduler';

function defaults(register: (p: Command) => void, verb: string): Record<string, unknown> {
  const program = new Command();
  register(program);
  const command = program.commands.find((c) => c.name() === verb)!;
  return Object.fromEntries(command.options.map((o) => [o.long, o.defaultValue]));
}

describe('observability flags', () => {
  it('serves the scheduler on 127.0.0.1:10251 and the controller-manager on 127.0.0.1:10252', () => {
    expect(defaults(registerScheduler, 'scheduler')).toMatchObject({
      '--port': '10251',
      '--bind-address': '127.0.0.1',
      '--v': '0',
    });
    expect(defaults(registerControllerManager, 'controller-manager')).toMatchObject({
      '--port': '10252',
      '--bind-address': '127.0.0.1',
      '--v': '0',
    });
  });

  it('takes --v on the kubelet, whose /metrics shares --port with logs and exec', () => {
    expect(defaults(registerKubelet, 'kubelet')).toMatchObject({ '--port': '10250', '--v': '0' });
  });

  it.each(['0', '10252', '65535'])('accepts --port %s', (text) =>
    expect(metricsPort(text)).toBe(Number(text)),
  );
  it.each(['', '-1', '65536', '10.5', 'http'])('rejects --port %j', (text) =>
    expect(() => metricsPort(text)).toThrow(/invalid --port/),
  );
});
