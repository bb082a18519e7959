/**
 * The contract between the composition root and the development tools (src/devtools): what local
 * mode starts in place of Slack and Tencent Cloud. The tools are loaded with a dynamic import only
 * when configuration asks for a stand-in, so the production build (which leaves src/devtools out)
 * never loads them, and says so plainly when local mode is asked of it.
 */
import type { CloudConfig, Config } from './config.js';
import type { Clock } from './lib/clock.js';
import type { Log } from './lib/log.js';

export interface LocalSlack {
  /** The local workspace's page. */
  workspaceUrl: string;
  /** Its Web API, for the bot's WebClient. */
  apiUrl: string;
  botToken: string;
  /** HTTP delivery: the secret the workspace signs requests with. */
  signingSecret?: string;
  /** Socket Mode delivery: the app-level token the bot connects with. */
  appToken?: string;
  /** Users the local workspace's approvers are, when SECGROUP_APPROVERS is not set. */
  approverIds: readonly string[];
  /** HTTP delivery: where the workspace sends commands and clicks, once the bot listens. */
  setBotEventsUrl(url: string): void;
}

export interface LocalStandIns {
  /** The Tencent Cloud API emulator, when no Tencent credentials are set. */
  emulator?: { url: string; cloud: CloudConfig };
  /** The local workspace, when no Slack credentials are set. */
  slack?: LocalSlack;
  stop(): Promise<void>;
}

export type StartLocalStandIns = (
  config: Readonly<Config>,
  options: { log: Log; clock: Clock },
) => Promise<LocalStandIns>;

/** A variable, not a literal, so TypeScript's build neither follows nor emits the tools. */
const DEVTOOLS_ENTRY = './devtools/local-stand-ins.js';

export async function loadLocalStandIns(): Promise<StartLocalStandIns> {
  try {
    const tools = (await import(DEVTOOLS_ENTRY)) as { startLocalStandIns: StartLocalStandIns };
    return tools.startLocalStandIns;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new Error(
      'Local mode (no Slack or no Tencent Cloud credentials) needs the development tools, which the production build leaves out: set the credentials, or run `npm start` from the sources',
    );
  }
}
