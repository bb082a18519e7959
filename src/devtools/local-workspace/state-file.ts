/**
 * The local workspace's history on disk, so a restart shows everything as it was and the bot's
 * chat.update on a card posted before it still finds the message. Written whole to a temporary
 * file and renamed, so a reader (or a restart after a crash) finds the old file or the new one.
 * A missing or unreadable file starts the workspace empty, with a warning; an unreadable one is
 * moved aside first so the next save does not destroy it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Log } from '../../lib/log.js';
import type { LastingState } from './workspace-state.js';

const json = z.record(z.string(), z.unknown());
const ts = z.string().regex(/^\d+\.\d{6}$/);

const storedMessage = z.object({
  ts,
  channel: z.string(),
  user: z.string(),
  botId: z.string().optional(),
  text: z.string(),
  blocks: z.array(json).optional(),
  attachments: z.array(json).optional(),
  threadTs: ts.optional(),
  editedTs: ts.optional(),
  subtype: z.literal('channel_join').optional(),
  inviter: z.string().optional(),
});

const responseHook = z.object({
  id: z.string(),
  userId: z.string(),
  channelId: z.string(),
  threadTs: ts.optional(),
  sourceTs: ts.optional(),
  issuedAt: z.number(),
  uses: z.number().int(),
});

const savedState = z.object({
  formatVersion: z.literal(1),
  /** Oldest first; channel messages and thread replies (ephemeral messages are never saved). */
  messages: z.array(storedMessage),
  botChannels: z.array(z.string()),
  viewingAs: z.object({ user: z.string(), channel: z.string() }).nullable(),
  responseHooks: z.array(responseHook),
});

/** Reads the saved state; undefined (after a warning) when there is none or it cannot be used. */
export async function loadWorkspaceState(path: string, log: Log): Promise<LastingState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    log.info(`local workspace: no saved history at ${path} yet; starting with empty channels`);
    return undefined;
  }
  let problem: string;
  try {
    const parsed = savedState.safeParse(JSON.parse(text));
    if (parsed.success) {
      const { formatVersion: _, ...lasting } = parsed.data;
      return lasting;
    }
    problem = `not in the expected shape (${[...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ')})`;
  } catch {
    problem = 'not valid JSON';
  }
  const aside = `${path}.unreadable-${Date.now()}`;
  await rename(path, aside);
  log.warn(
    `local workspace: saved history ${path} is ${problem}; moved it to ${aside} and started with empty channels`,
  );
  return undefined;
}

async function writeAtomically(path: string, state: LastingState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify({ formatVersion: 1, ...state })}\n`, 'utf8');
  await rename(temp, path);
}

export interface StateSaver {
  /** Something changed: a save follows soon (changes in one tick are saved together). */
  changed(): void;
  /** Resolves once every change made before the call is on disk (or its save failed and was logged). */
  saved(): Promise<void>;
}

/** Saves `snapshot()` to `path` after changes, one write at a time, coalescing what piles up meanwhile. */
export function createStateSaver(path: string, snapshot: () => LastingState, log: Log): StateSaver {
  let changes = 0;
  let savedUpTo = 0;
  let running: Promise<void> | undefined;
  let scheduled = false;
  let lastFailure = '';

  const run = async () => {
    while (savedUpTo < changes) {
      const upTo = changes;
      try {
        await writeAtomically(path, snapshot());
        lastFailure = '';
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        // One line per kind of failure: a full disk should not flood the log at every click.
        if (reason !== lastFailure) log.error(`local workspace: could not save its history to ${path}: ${reason}`);
        lastFailure = reason;
      }
      savedUpTo = upTo;
    }
  };

  const start = (): Promise<void> => {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    changed() {
      changes += 1;
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        void start();
      });
    },
    async saved() {
      const target = changes;
      while (savedUpTo < target) await start();
    },
  };
}
