/** Reading requests and writing answers, for the API and the admin endpoints. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 1 << 20;

/** The body, or undefined when it is over MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value.join(',') : value;
  return out;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** What a gateway in front of the API answers when the service behind it is down. */
export function sendGatewayError(res: ServerResponse, status: number): void {
  const text = `<html><body><h1>${status}</h1>The service is temporarily unavailable.</body></html>`;
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The body as JSON. No body, `null` and `""` are no parameters: Tencent's Node SDK sends a request
 * typed `null` (an action without parameters) as `""`.
 */
export function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    const value: unknown = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    return { ok: true, value: value === null || value === '' ? {} : value };
  } catch {
    return { ok: false };
  }
}
