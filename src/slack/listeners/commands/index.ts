import type { App } from '@slack/bolt';
import { COMMAND } from '../../ids.js';
import type { ListenerDeps } from '../listener-deps.js';
import { secgroupCommand } from './secgroup-command.js';

export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, secgroupCommand(deps));
}
