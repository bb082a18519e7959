import type { App } from '@slack/bolt';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import type { ListenerDeps } from './listener-deps.js';
import { registerViews } from './submissions/index.js';

export function registerListeners(app: App, deps: ListenerDeps): void {
  registerCommands(app, deps);
  registerViews(app, deps);
  registerActions(app, deps);
}
