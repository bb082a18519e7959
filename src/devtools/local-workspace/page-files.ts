/** The page's static files, served with headers that keep it to itself (no framing, no other origins). */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { sendText } from './http-io.js';

const PAGE_FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'block-kit.js': 'text/javascript; charset=utf-8',
  'mrkdwn.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

const PAGE_DIR = new URL('./page/', import.meta.url);

export async function servePageFile(res: ServerResponse, file: string): Promise<void> {
  const type = PAGE_FILES[file];
  if (!type) return sendText(res, 404, 'not found');
  const content = await readFile(new URL(file, PAGE_DIR));
  res.writeHead(200, { 'content-type': type, 'content-length': String(content.length), ...PAGE_HEADERS });
  res.end(content);
}
