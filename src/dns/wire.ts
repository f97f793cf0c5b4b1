// The bytes side of the server, around respond(): which messages are worth parsing, and the bytes sent back.
// dns2's Packet.parse retries each record a header announces, so a 12-byte packet claiming 65,535 records of
// each kind costs it seconds of CPU; screen() therefore reads the fixed header first and lets only what a
// query can look like reach the parser: one question, no answer or authority records, at most two additional
// ones (EDNS OPT, a TSIG), 4 KiB at most. UDP answers that do not fit go out with TC=1 and only the question,
// and the client asks again over TCP.
import { Packet } from 'dns2';
import { encodeMessage, type ResponseMessage } from './encode';
import { bareResponse, respond, type Reply, type Resolve } from './respond';

const HEADER_BYTES = 12;
/** Queries are small; a bigger message is not one we could have asked for. */
export const MAX_QUERY_BYTES = 4096;
const MAX_ADDITIONALS = 2;
/** RFC 1035 §4.2.1 without EDNS; RFC 6891 lets the asker raise it. We honour up to 4096. */
const UDP_PLAIN_LIMIT = 512;
const UDP_MAX_LIMIT = 4096;
const TYPE_OPT = 41;

/** drop: not a query (too short, too long, a response); formerr: a query header we will not parse. */
export function screen(data: Buffer): 'parse' | 'drop' | 'formerr' {
  if (data.length < HEADER_BYTES || data.length > MAX_QUERY_BYTES) return 'drop';
  if (data[2]! & 0x80) return 'drop'; // QR: a response
  const qd = data.readUInt16BE(4);
  const an = data.readUInt16BE(6);
  const ns = data.readUInt16BE(8);
  const ar = data.readUInt16BE(10);
  return qd === 1 && an === 0 && ns === 0 && ar <= MAX_ADDITIONALS ? 'parse' : 'formerr';
}

/** FORMERR from the header alone: id, opcode and RD copied, no question. */
function formerr(data: Buffer): Buffer {
  const header = { id: data.readUInt16BE(0), opcode: (data[2]! >> 3) & 0xf, rd: data[2]! & 1 };
  return encodeMessage(bareResponse(header, 'FORMERR'));
}

export interface WireReply {
  bytes: Buffer;
  /** Set when a question was read: for metrics. */
  reply?: Reply;
}

/** The bytes to send back for one message, or undefined to stay silent. Never throws. */
export function answerMessage(
  data: Buffer,
  resolve: Resolve,
  transport: 'udp' | 'tcp',
): WireReply | undefined {
  const verdict = screen(data);
  if (verdict === 'drop') return undefined;
  if (verdict === 'formerr') return { bytes: formerr(data) };
  let request: Packet;
  try {
    request = Packet.parse(data);
  } catch {
    return { bytes: formerr(data) };
  }
  const reply = respond(request, resolve);
  if (!reply) return undefined;
  let bytes: Buffer;
  try {
    bytes = encodeMessage(reply.message);
  } catch {
    // A question that decodes but cannot be written back (a label holding a dot made too long): the asker's error.
    return { bytes: formerr(data) };
  }
  const limit = transport === 'udp' ? udpLimit(request) : Infinity;
  if (bytes.length > limit) bytes = encodeMessage(truncated(reply.message));
  return { bytes, reply };
}

/** The asker's EDNS payload size (RFC 6891 §6.2.3), within 512..4096; 512 without EDNS. */
function udpLimit(request: Packet): number {
  const opt = request.additionals.find((r) => r?.type === TYPE_OPT);
  return Math.min(Math.max(opt?.class ?? 0, UDP_PLAIN_LIMIT), UDP_MAX_LIMIT);
}

function truncated(m: ResponseMessage): ResponseMessage {
  return { ...m, tc: true, answers: [], authorities: [], additionals: [] };
}
