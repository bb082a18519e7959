/**
 * Recognisable fake credentials every reliability test runs with, so a scan of what the app
 * wrote (logs, Slack messages, the database, the emulator's state) can prove none of them leaked.
 */
import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';

export const FAKE_SECRETS = {
  tencentSecretId: 'AKIDReliabilityFakeSecretId00000000001',
  tencentSecretKey: 'reliability-fake-tencent-secret-key-7f3a91',
  slackBotToken: 'xoxb-reliability-fake-bot-token-9c2e55',
  slackSigningSecret: 'reliability-fake-signing-secret-5d1b07',
} as const;

/** The secrets that occur in `text`, by name. */
export function secretsIn(text: string): string[] {
  return Object.entries(FAKE_SECRETS)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

/** Asserts that no fake secret occurs in any of these texts; `what` names them in the failure. */
export function expectNoSecrets(what: string, texts: readonly string[]): void {
  const found = texts.flatMap((text, i) => secretsIn(text).map((name) => `${what}[${i}]: ${name}`));
  expect(found).toEqual([]);
  // The scan must have had something to look at, or it proves nothing.
  expect(texts.join('').length).toBeGreaterThan(0);
}

/** Reads files as bytes (latin1, so any byte sequence survives) for the scan; a missing file reads empty. */
export async function fileTexts(paths: readonly string[]): Promise<string[]> {
  return Promise.all(
    paths.map((p) =>
      readFile(p).then(
        (b) => b.toString('latin1'),
        () => '',
      ),
    ),
  );
}

/**
 * The lines a process wrote with LOG_FORMAT=json, parsed: every line but the test harness's own
 * `READY …` must be one JSON object with a time, a level and a message.
 */
export function jsonLogLines(stdout: string): Record<string, unknown>[] {
  const lines = stdout.split('\n').filter((line) => line !== '' && !line.startsWith('READY '));
  return lines.map((line) => {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      throw new Error(`not a JSON log line: ${line}`);
    }
    expect(entry).toMatchObject({
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      level: expect.stringMatching(/^(debug|info|warn|error)$/),
      message: expect.any(String),
    });
    return entry as Record<string, unknown>;
  });
}
