/** HTTP/1.1 requests and responses as bytes, as they cross the network in plain text. */
import { bytesToUtf8, concatBytes, utf8ToBytes } from '../../../../core/bytes';
import { fail, ok, type Result } from '../../../../core/result';

export function encodeRequest(path: string, host: string): Uint8Array {
  return utf8ToBytes(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: pip/1.1\r\n\r\n`);
}

export function encodeResponse(status: number, contentType: string, body: Uint8Array): Uint8Array {
  const reason = status === 200 ? 'OK' : 'Not Found';
  const head = `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`;
  return concatBytes(utf8ToBytes(head), body);
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export function parseResponse(data: Uint8Array): Result<HttpResponse> {
  let end = -1;
  for (let i = 0; i + 3 < data.length; i++)
    if (data[i] === 13 && data[i + 1] === 10 && data[i + 2] === 13 && data[i + 3] === 10) {
      end = i;
      break;
    }
  if (end < 0) return fail('http/head', 'The HTTP response has no end of headers.');
  const [statusLine, ...lines] = bytesToUtf8(data.subarray(0, end)).split('\r\n');
  const status = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine ?? '');
  if (!status) return fail('http/status', 'The HTTP response has no status line.');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = data.subarray(end + 4);
  const length = Number(headers['content-length'] ?? body.length);
  if (length !== body.length)
    return fail('http/length', `Content-Length says ${length} bytes but ${body.length} arrived.`);
  return ok({ status: Number(status[1]), headers, body });
}
