import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive, waitGone } from './process-alive';

describe('waitGone', () => {
  it('returns what still runs after the wait, and nothing once the process has ended', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = child.pid!;
    try {
      expect(await waitGone([pid], 100)).toEqual([pid]);
      child.kill('SIGKILL');
      expect(await waitGone([pid], 5000)).toEqual([]);
      expect(isAlive(pid)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
