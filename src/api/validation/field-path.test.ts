import { describe, expect, it } from 'vitest';
import { child, index, key } from './field-path';

describe('field paths', () => {
  it('joins names with dots, skipping empty parts as Kubernetes prints them', () => {
    expect(child('spec', 'containers')).toBe('spec.containers');
    expect(child('', 'spec')).toBe('spec');
    expect(child('spec', '')).toBe('spec');
    expect(child('', '')).toBe('');
    expect(child('spec.template', 'metadata', 'labels')).toBe('spec.template.metadata.labels');
    expect(child('', 'metadata', 'labels')).toBe('metadata.labels');
    expect(child('', '', 'labels')).toBe('labels');
    expect(child('spec', '', '')).toBe('spec');
  });

  it('indexes lists by position and maps by key', () => {
    expect(child(index(child('spec', 'containers'), 0), 'name')).toBe('spec.containers[0].name');
    expect(key(child('resources', 'limits'), 'cpu')).toBe('resources.limits[cpu]');
  });
});
