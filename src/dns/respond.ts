// respond: one parsed DNS request in, the response message out, around the ClusterResolver. The protocol rules
// live here: responses (QR=1) are never answered, so a forged packet cannot start a reflection loop; only
// standard queries with exactly one question of class IN (or ANY) are resolved — other opcodes get NOTIMP,
// other question counts FORMERR, other classes REFUSED. Recursion is never available (RA=0). It never throws.
import type { Packet } from 'dns2';
import type { ResponseMessage } from './encode';
import type { DnsAnswer, RcodeName } from './records';
import type { ClusterResolver } from './resolver';

export type Resolve = ClusterResolver['resolve'];

export interface Reply {
  message: ResponseMessage;
  /** The question's type (0 when there was no usable question), for metrics. */
  qtype: number;
  rcode: RcodeName;
}

const CLASS_IN = 1;
const CLASS_ANY = 255;
const OPCODE_QUERY = 0;

/** A response with the request's id, opcode and RD bit and no question (for requests we cannot answer). */
export function bareResponse(
  header: { id: number; opcode: number; rd: number },
  rcode: RcodeName,
): ResponseMessage {
  return {
    id: header.id,
    opcode: header.opcode,
    rd: !!header.rd,
    aa: false,
    tc: false,
    rcode,
    answers: [],
    authorities: [],
    additionals: [],
  };
}

/** The response to request, or undefined when it must not be answered (it is itself a response). */
export function respond(request: Packet, resolve: Resolve): Reply | undefined {
  const { header } = request;
  if (header.qr) return undefined;
  const question = request.questions[0];
  const refuse = (rcode: RcodeName): Reply => ({
    message: bareResponse(header, rcode),
    qtype: question?.type ?? 0,
    rcode,
  });
  if (header.opcode !== OPCODE_QUERY) return refuse('NOTIMP');
  if (header.qdcount !== 1 || request.questions.length !== 1 || typeof question?.name !== 'string')
    return refuse('FORMERR');
  if (question.class !== CLASS_IN && question.class !== CLASS_ANY) return refuse('REFUSED');
  let answer: DnsAnswer;
  try {
    answer = resolve(question.name, question.type);
  } catch {
    return refuse('SERVFAIL');
  }
  const message: ResponseMessage = {
    ...bareResponse(header, answer.rcode),
    aa: answer.authoritative,
    question: { name: question.name, type: question.type, class: question.class },
    answers: answer.answers,
    authorities: answer.authorities,
    additionals: answer.additionals,
  };
  return { message, qtype: question.type, rcode: answer.rcode };
}
