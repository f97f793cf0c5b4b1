import fc from 'fast-check';
import { Packet } from 'dns2';
import { describe, expect, it } from 'vitest';
import { QTYPE, RCODE } from './records';
import { ClusterResolver } from './resolver';
import { catalogOf, endpoints, service } from './testing';
import { answerMessage, screen } from './wire';

const many = Array.from({ length: 100 }, (_, i) => ({ ip: `10.244.0.${i + 1}` }));
const resolver = new ClusterResolver(
  catalogOf(
    [
      service('default', 'web', '10.96.0.10', [{ name: 'http', port: 80 }]),
      service('default', 'big', 'None'),
    ],
    [endpoints('default', 'big', [{ addresses: many, ports: [{ port: 80 }] }])],
  ),
  { domain: 'cluster.local' },
);
const resolve = resolver.resolve.bind(resolver);

function query(name: string, type: number = QTYPE.A, ednsSize?: number): Buffer {
  const p = new Packet();
  p.header = new Packet.Header({ id: 99, rd: 1 });
  p.questions = [new Packet.Question(name, type, 1)];
  if (ednsSize) p.additionals = [Packet.Resource.EDNS([]) as never];
  if (ednsSize) (p.additionals[0] as { class: number }).class = ednsSize;
  return p.toBuffer();
}

const header = (qd: number, an: number, ns: number, ar: number, flags = 0x0100) =>
  Buffer.from([0x12, 0x34, flags >> 8, flags & 0xff, 0, qd, 0, an, 0, ns, 0, ar].map((b) => b & 0xff));

describe('screen', () => {
  it('parses only what a query can look like', () => {
    expect(screen(query('web.default.svc.cluster.local'))).toBe('parse');
    expect(screen(Buffer.alloc(11))).toBe('drop');
    expect(screen(Buffer.alloc(5000))).toBe('drop');
    expect(screen(header(1, 0, 0, 0, 0x8100))).toBe('drop');
    expect(screen(header(0, 0, 0, 0))).toBe('formerr');
    expect(screen(header(1, 1, 0, 0))).toBe('formerr');
    expect(screen(header(1, 0, 0, 3))).toBe('formerr');
  });

  it('answers a header announcing 65,535 records of each kind with FORMERR, at once', () => {
    const bomb = Buffer.from([0xab, 0xcd, 0x01, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    const answered = answerMessage(bomb, resolve, 'udp')!;
    expect([...answered.bytes]).toEqual([0xab, 0xcd, 0x81, RCODE.FORMERR, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(answered.reply).toBeUndefined();
  });
});

describe('answerMessage', () => {
  it('fits UDP answers in 512 bytes, or the asker’s EDNS size, else sets TC with the question only', () => {
    const small = Packet.parse(answerMessage(query('web.default.svc.cluster.local'), resolve, 'udp')!.bytes);
    expect(small.header.tc).toBe(0);
    const cut = answerMessage(query('big.default.svc.cluster.local'), resolve, 'udp')!;
    expect(cut.bytes.length).toBeLessThanOrEqual(512);
    const parsed = Packet.parse(cut.bytes);
    expect(parsed.header).toMatchObject({ tc: 1, id: 99, rcode: RCODE.NOERROR });
    expect(parsed.questions).toHaveLength(1);
    expect(parsed.answers).toEqual([]);
    const edns = Packet.parse(
      answerMessage(query('big.default.svc.cluster.local', QTYPE.A, 4096), resolve, 'udp')!.bytes,
    );
    expect(edns.header.tc).toBe(0);
    expect(edns.answers).toHaveLength(100);
    const tcp = Packet.parse(answerMessage(query('big.default.svc.cluster.local'), resolve, 'tcp')!.bytes);
    expect(tcp.answers).toHaveLength(100);
  });

  it('never throws, stays fast, and answers only with bytes that parse, whatever arrives (fuzzed)', () => {
    const valid = query('_http._tcp.web.default.svc.cluster.local', QTYPE.SRV, 1232);
    const mutated = fc
      .array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 6,
      })
      .map((edits) => {
        const b = Buffer.from(valid);
        for (const [i, v] of edits) b[i] = v;
        return b;
      });
    const random = fc.uint8Array({ maxLength: 600 }).map((u) => Buffer.from(u));
    const started = performance.now();
    fc.assert(
      fc.property(
        fc.oneof(random, mutated),
        fc.constantFrom('udp' as const, 'tcp' as const),
        (bytes, transport) => {
          const answered = answerMessage(bytes, resolve, transport);
          if (answered) expect(() => Packet.parse(answered.bytes)).not.toThrow();
        },
      ),
      { numRuns: 1500 },
    );
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
