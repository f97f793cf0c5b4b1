import { describe, expect, it } from 'vitest';
import { openApiV2 } from './v2';

describe('openApiV2', () => {
  it('answers client-go\'s protobuf Accept with a gnostic Document: swagger "2.0", the title and version', () => {
    const { contentType, body } = openApiV2(
      'application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json',
    );
    // Go's mime parser refuses "@": the answer must use the dotted spelling.
    expect(contentType).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    // field 1 (swagger), field 2 (info: field 1 title, field 2 version), all length-delimited
    const info = Buffer.concat([
      Buffer.from([0x0a, 10]),
      Buffer.from('Kubernetes'),
      Buffer.from([0x12, 7]),
      Buffer.from('v1.32.0'),
    ]);
    expect(body).toEqual(
      Buffer.concat([Buffer.from([0x0a, 3]), Buffer.from('2.0'), Buffer.from([0x12, info.length]), info]),
    );
  });

  it('answers anything else with the same document as JSON, with no definitions', () => {
    for (const accept of [undefined, 'application/json', '*/*']) {
      const { contentType, body } = openApiV2(accept);
      expect(contentType).toBe('application/json');
      expect(JSON.parse(body.toString())).toEqual({
        swagger: '2.0',
        info: { title: 'Kubernetes', version: 'v1.32.0' },
        paths: {},
        definitions: {},
      });
    }
  });
});
