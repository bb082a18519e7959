/** The page's Server-Sent Events: a `change` event with the state's version whenever something changes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WorkspaceState } from './workspace-state.js';

const SSE_HEARTBEAT_MS = 15_000;

export function openUiStream(
  req: IncomingMessage,
  res: ServerResponse,
  state: WorkspaceState,
  streams: Set<ServerResponse>,
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
  });
  res.write(`retry: 1000\nevent: change\ndata: ${state.version}\n\n`);
  let pending = false;
  const unsubscribe = state.subscribe(() => {
    // Several changes in one tick become one event.
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      res.write(`event: change\ndata: ${state.version}\n\n`);
    });
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
  heartbeat.unref();
  streams.add(res);
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(res);
  });
}
