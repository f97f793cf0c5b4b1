import { describe, expect, it } from 'vitest';
import { resolveContainerPort } from './port';

const ports = [
  { name: 'http', containerPort: 8080 },
  { name: 'admin', containerPort: 9090, hostPort: 19090 },
];

describe('resolveContainerPort', () => {
  it.each([
    [8080, 8080],
    ['http', 8080],
    ['admin', 9090], // the container's port, never its host port
    ['7000', 7000],
  ])('%s resolves to %d', (param, want) => {
    expect(resolveContainerPort(param, ports)).toEqual({ port: want });
  });

  it.each([
    ['metrics', 'port metrics not found'],
    [0, 'invalid port number: 0'],
    [70000, 'invalid port number: 70000'],
    ['70000', 'invalid port number: 70000'],
    [undefined, 'probe has no port'],
  ])('%s is refused with %j', (param, error) => {
    expect(resolveContainerPort(param, ports)).toEqual({ error });
  });

  it('finds no name when the container declares no ports', () => {
    expect(resolveContainerPort('http', undefined)).toEqual({ error: 'port http not found' });
  });
});
