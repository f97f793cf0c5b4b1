// encodeMessage: a response message to wire bytes (RFC 1035 §4.1), with name compression (§4.1.4). Our own
// because dns2's encoder re-materialises the whole message after every record, which makes a headless service
// with 1,000 endpoints cost seconds of CPU per answer; this one is linear. It writes only what the resolver
// produces (A, CNAME, PTR, SRV, SOA) and throws on a name DNS cannot carry (a label over 63 octets, a name over
// 255): the caller answers FORMERR without the question then.
import { type DnsRecord, QTYPE, type RcodeName, RCODE } from './records';

export interface Question {
  name: string;
  type: number;
  class: number;
}

export interface ResponseMessage {
  id: number;
  opcode: number;
  /** Recursion desired, copied from the query. */
  rd: boolean;
  /** Authoritative answer. */
  aa: boolean;
  /** Truncated: the answer did not fit, ask again over TCP. */
  tc: boolean;
  rcode: RcodeName;
  question?: Question;
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
}

const CLASS_IN = 1;
const MAX_POINTER = 0x3fff;

class Writer {
  private buf = Buffer.alloc(512);
  length = 0;
  /** Name suffix → offset, for compression pointers; case-sensitive, so every name keeps the case it was given. */
  private readonly names = new Map<string, number>();

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }

  u8(v: number): void {
    this.room(1);
    this.buf.writeUInt8(v & 0xff, this.length);
    this.length += 1;
  }

  u16(v: number): void {
    this.room(2);
    this.buf.writeUInt16BE(v & 0xffff, this.length);
    this.length += 2;
  }

  u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32BE(v >>> 0, this.length);
    this.length += 4;
  }

  patch16(at: number, v: number): void {
    this.buf.writeUInt16BE(v, at);
  }

  name(name: string, compress = true): void {
    const labels = name.split('.').filter(Boolean);
    let total = 1;
    for (const l of labels) {
      if (Buffer.byteLength(l, 'latin1') > 63) throw new Error(`label "${l}" is longer than 63 octets`);
      total += l.length + 1;
    }
    if (total > 255) throw new Error(`name "${name}" is longer than 255 octets`);
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      const at = this.names.get(suffix);
      if (compress && at !== undefined) return this.u16(0xc000 | at);
      if (this.length <= MAX_POINTER && !this.names.has(suffix)) this.names.set(suffix, this.length);
      const bytes = Buffer.from(labels[i]!, 'latin1');
      this.u8(bytes.length);
      this.room(bytes.length);
      bytes.copy(this.buf, this.length);
      this.length += bytes.length;
    }
    this.u8(0);
  }

  record(r: DnsRecord): void {
    this.name(r.name);
    this.u16(QTYPE[r.type]);
    this.u16(CLASS_IN);
    this.u32(Math.min(r.ttl, 0x7fffffff));
    const lengthAt = this.length;
    this.u16(0);
    switch (r.type) {
      case 'A':
        for (const octet of r.address.split('.')) this.u8(Number(octet));
        break;
      case 'CNAME':
      case 'PTR':
        this.name(r.domain);
        break;
      case 'SRV':
        this.u16(r.priority);
        this.u16(r.weight);
        this.u16(r.port);
        this.name(r.target, false); // RFC 2782: the target is never compressed
        break;
      case 'SOA':
        this.name(r.primary);
        this.name(r.admin);
        for (const n of [r.serial, r.refresh, r.retry, r.expiration, r.minimum]) this.u32(n);
        break;
    }
    this.patch16(lengthAt, this.length - lengthAt - 2);
  }

  bytes(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}

export function encodeMessage(m: ResponseMessage): Buffer {
  const w = new Writer();
  w.u16(m.id);
  w.u8(0x80 | ((m.opcode & 0xf) << 3) | (m.aa ? 0x04 : 0) | (m.tc ? 0x02 : 0) | (m.rd ? 0x01 : 0));
  w.u8(RCODE[m.rcode]); // RA, Z, AD, CD clear
  w.u16(m.question ? 1 : 0);
  w.u16(m.answers.length);
  w.u16(m.authorities.length);
  w.u16(m.additionals.length);
  if (m.question) {
    w.name(m.question.name);
    w.u16(m.question.type);
    w.u16(m.question.class);
  }
  for (const r of [...m.answers, ...m.authorities, ...m.additionals]) w.record(r);
  return w.bytes();
}
