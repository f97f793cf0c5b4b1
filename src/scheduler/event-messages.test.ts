import { describe, expect, it } from 'vitest';
import { scheduledMessage } from './event-messages';
import { makePod } from './test-fixtures';

describe('scheduledMessage', () => {
  it("reads like kube-scheduler's Scheduled event", () => {
    expect(scheduledMessage(makePod('nginx', { namespace: 'web' }), 'node-1')).toBe(
      'Successfully assigned web/nginx to node-1',
    );
  });
});
