import { describe, expect, it } from 'vitest';
import { CommandError, RecordingRunner, execRunner, hostRunner } from './command-runner';

describe('execRunner', () => {
  it('pipes the input to the command and resolves with its output', async () => {
    await expect(hostRunner.run('cat', [], 'rules\n')).resolves.toBe('rules\n');
  });

  it('runs each command behind the prefix', async () => {
    await expect(execRunner(['env', 'K8TS_PREFIX=yes']).run('printenv', ['K8TS_PREFIX'])).resolves.toBe(
      'yes\n',
    );
  });

  it('rejects with the command line, stderr and exit code when the command fails', async () => {
    const err = await hostRunner.run('sh', ['-c', 'echo nope >&2; exit 3']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect(err).toMatchObject({ command: 'sh -c echo nope >&2; exit 3', stderr: 'nope\n', exitCode: 3 });
    expect((err as Error).message).toBe('sh -c echo nope >&2; exit 3: nope');
  });

  it('rejects when the binary does not exist', async () => {
    await expect(hostRunner.run('k8ts-no-such-binary', [])).rejects.toBeInstanceOf(CommandError);
  });
});

describe('RecordingRunner', () => {
  it('records lines and inputs in order and answers from its function', async () => {
    const runner = new RecordingRunner((line, input) =>
      line.startsWith('ip link del') ? new CommandError(line, 'Cannot find device', 1) : (input ?? 'out'),
    );
    await expect(runner.run('iptables-save', ['-t', 'nat'])).resolves.toBe('out');
    await expect(runner.run('iptables-restore', ['--noflush'], '*nat\nCOMMIT\n')).resolves.toBe(
      '*nat\nCOMMIT\n',
    );
    await expect(runner.run('ip', ['link', 'del', 'veth1'])).rejects.toThrow('Cannot find device');
    expect(runner.commands).toEqual([
      'iptables-save -t nat',
      'iptables-restore --noflush',
      'ip link del veth1',
    ]);
    expect(runner.inputs).toEqual(['*nat\nCOMMIT\n']);
    expect(runner.calls[1]).toEqual({ line: 'iptables-restore --noflush', input: '*nat\nCOMMIT\n' });
  });
});
