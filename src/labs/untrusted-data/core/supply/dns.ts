/**
 * DNS messages on the wire (RFC 1035 §4): a query for an A record and its answer. A resolver
 * takes the first answer whose id and question match its query, which is why an attacker on the
 * same open Wi-Fi, who sees the query go by, can answer first.
 */
import { fail, ok, type Result } from '../../../../core/result';

export type Ipv4 = readonly [number, number, number, number];

function encodeName(name: string): number[] {
  const out: number[] = [];
  for (const label of name.split('.')) {
    out.push(label.length, ...Array.from(label, (c) => c.charCodeAt(0)));
  }
  out.push(0);
  return out;
}

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

const TYPE_A = 1;
const CLASS_IN = 1;

export function encodeQuery(id: number, name: string): Uint8Array {
  // Header: id, flags (RD=1), QDCOUNT=1, ANCOUNT=0, NSCOUNT=0, ARCOUNT=0.
  return Uint8Array.from([
    ...u16(id),
    0x01,
    0x00,
    ...u16(1),
    ...u16(0),
    ...u16(0),
    ...u16(0),
    ...encodeName(name),
    ...u16(TYPE_A),
    ...u16(CLASS_IN),
  ]);
}

export function encodeAnswer(id: number, name: string, ip: Ipv4, ttl: number): Uint8Array {
  return Uint8Array.from([
    ...u16(id),
    0x81, // QR=1 (response), RD=1
    0x80, // RA=1, RCODE=0
    ...u16(1),
    ...u16(1),
    ...u16(0),
    ...u16(0),
    ...encodeName(name),
    ...u16(TYPE_A),
    ...u16(CLASS_IN),
    0xc0,
    0x0c, // the answer's name: a pointer to the question's name at offset 12 (§4.1.4)
    ...u16(TYPE_A),
    ...u16(CLASS_IN),
    ...u32(ttl),
    ...u16(4),
    ...ip,
  ]);
}

export interface DnsMessage {
  id: number;
  response: boolean;
  question: string;
  answers: { ip: Ipv4; ttl: number }[];
}

function readName(data: Uint8Array, start: number): Result<{ name: string; end: number }> {
  const labels: string[] = [];
  let offset = start;
  let end = -1;
  for (let hops = 0; hops < 20; hops++) {
    const length = data[offset];
    if (length === undefined) return fail('dns/truncated', 'The DNS name runs past the message.');
    if (length === 0) return ok({ name: labels.join('.'), end: end < 0 ? offset + 1 : end });
    if ((length & 0xc0) === 0xc0) {
      if (end < 0) end = offset + 2;
      offset = ((length & 0x3f) << 8) | (data[offset + 1] ?? 0);
      continue;
    }
    labels.push(String.fromCharCode(...data.subarray(offset + 1, offset + 1 + length)));
    offset += 1 + length;
  }
  return fail('dns/loop', 'The DNS name has too many compression pointers.');
}

export function parseMessage(data: Uint8Array): Result<DnsMessage> {
  if (data.length < 12) return fail('dns/short', 'A DNS message needs a 12-byte header.');
  const at = (i: number) => (data[i]! << 8) | data[i + 1]!;
  const question = readName(data, 12);
  if (!question.ok) return question;
  let offset = question.value.end + 4;
  const answers: DnsMessage['answers'] = [];
  for (let i = 0; i < at(6); i++) {
    const name = readName(data, offset);
    if (!name.ok) return name;
    offset = name.value.end;
    if (offset + 10 > data.length) return fail('dns/truncated', 'The DNS answer is cut short.');
    const type = at(offset);
    const ttl = ((at(offset + 4) << 16) | at(offset + 6)) >>> 0;
    const length = at(offset + 8);
    if (type === TYPE_A && length === 4)
      answers.push({ ip: [...data.subarray(offset + 10, offset + 14)] as unknown as Ipv4, ttl });
    offset += 10 + length;
  }
  return ok({
    id: at(0),
    response: (data[2]! & 0x80) !== 0,
    question: question.value.name,
    answers,
  });
}

export const formatIp = (ip: Ipv4) => ip.join('.');
