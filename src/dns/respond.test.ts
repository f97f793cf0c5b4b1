import { Packet } from 'dns2';
import { describe, expect, it } from 'vitest';
import { encodeMessage } from './encode';
import { QTYPE, RCODE } from './records';
import { ClusterResolver } from './resolver';
import { respond } from './respond';
import { catalogOf, service } from './testing';

const resolver = new ClusterResolver(catalogOf([service('default', 'web', '10.96.0.10')]), {
  domain: 'cluster.local',
});
const resolve = resolver.resolve.bind(resolver);

/** A query as a stub resolver sends it, on the wire. */
function query(name: string, type: number = QTYPE.A, cls = 1, header: Record<string, number> = {}): Buffer {
  const p = new Packet();
  p.header = new Packet.Header({ id: 4242, rd: 1, ...header });
  p.questions = [new Packet.Question(name, type, cls)];
  return p.toBuffer();
}

/** What a client reads back: the response parsed from its bytes. */
function roundTrip(bytes: Buffer) {
  const reply = respond(Packet.parse(bytes), resolve);
  return reply && Packet.parse(encodeMessage(reply.message));
}

describe('respond', () => {
  it('answers a query with the id, question, AA, RD echoed and RA clear', () => {
    const r = roundTrip(query('web.default.svc.cluster.local'))!;
    expect(r.header).toMatchObject({ id: 4242, qr: 1, aa: 1, rd: 1, ra: 0, rcode: RCODE.NOERROR });
    expect(r.questions).toMatchObject([{ name: 'web.default.svc.cluster.local', type: QTYPE.A, class: 1 }]);
    expect(r.answers).toMatchObject([
      { name: 'web.default.svc.cluster.local', ttl: 5, address: '10.96.0.10' },
    ]);
  });

  it('gives NXDOMAIN with the SOA in the authority section', () => {
    const r = roundTrip(query('nope.default.svc.cluster.local'))!;
    expect(r.header.rcode).toBe(RCODE.NXDOMAIN);
    expect(r.answers).toEqual([]);
    expect(r.authorities).toMatchObject([{ type: QTYPE.SOA, name: 'cluster.local', minimum: 5 }]);
  });

  it('refuses names outside the cluster domain without claiming authority', () => {
    const r = roundTrip(query('example.com'))!;
    expect(r.header).toMatchObject({ rcode: RCODE.REFUSED, aa: 0 });
  });

  it('never answers a response, so forged packets cannot loop', () => {
    expect(
      respond(Packet.parse(query('web.default.svc.cluster.local', QTYPE.A, 1, { qr: 1 })), resolve),
    ).toBe(undefined);
  });

  it('rejects what is not one standard question of class IN', () => {
    expect(roundTrip(query('web.default.svc.cluster.local', QTYPE.A, 1, { opcode: 2 }))!.header.rcode).toBe(
      RCODE.NOTIMP,
    );
    expect(roundTrip(query('version.bind', QTYPE.TXT, 3))!.header.rcode).toBe(RCODE.REFUSED);
    const two = new Packet();
    two.header = new Packet.Header({ id: 7 });
    two.questions = [
      new Packet.Question('a.cluster.local', 1, 1),
      new Packet.Question('b.cluster.local', 1, 1),
    ];
    const r = roundTrip(two.toBuffer())!;
    expect(r.header).toMatchObject({ id: 7, rcode: RCODE.FORMERR });
    expect(r.questions).toEqual([]);
    expect(roundTrip(Buffer.from([0, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]))!.header.rcode).toBe(RCODE.FORMERR);
  });

  it('answers SERVFAIL when resolving throws', () => {
    const reply = respond(Packet.parse(query('web.default.svc.cluster.local')), () => {
      throw new Error('boom');
    });
    expect(reply?.rcode).toBe('SERVFAIL');
  });
});
