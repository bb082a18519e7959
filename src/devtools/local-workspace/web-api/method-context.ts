import type { WorkspaceState } from '../workspace-state.js';

/** What a Web API method handler may use. */
export interface MethodContext {
  state: WorkspaceState;
  /** The workspace's base URL (http://127.0.0.1:<port>), known once it listens. */
  workspaceUrl: () => string;
  /** In Socket Mode: a new one-time WebSocket URL for apps.connections.open. */
  socketModeUrl?: () => string;
}
