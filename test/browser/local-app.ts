/**
 * The app as `npm run local` starts it (local workspace, bot, Tencent Cloud emulator), on free
 * ports with its state in a fresh folder, and a Chromium page open on the channel as the requester.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Config, loadConfig } from '../../src/config.js';
import { type RunningSecgroup, startSecgroup } from '../../src/secgroup.js';
import { type LaunchedBrowser, launchChromium } from './chromium.js';

export const REQUESTER = 'U0LOCALREQ';
export const APPROVER = 'U0LOCALAP1';
export const CHANNEL = 'C0LOCALSEC';
export const WEB_TEMPLATE = 'Open port 22, 80, 443, 3389 and ICMP protocol';
/** Playwright's own waits are bounded by the test's timeout; these steps cross three servers. */
export const STEP_TIMEOUT = { timeout: 15_000 };

export interface LocalAppInBrowser {
  config: Readonly<Config>;
  app: RunningSecgroup;
  page: Page;
  stop(): Promise<void>;
}

export async function openLocalApp(chromiumPath: string): Promise<LocalAppInBrowser> {
  const dataDir = mkdtempSync(join(tmpdir(), 'secgroup-browser-'));
  const config = loadConfig({
    PORT: '0',
    LOCAL_WORKSPACE_PORT: '0',
    EMULATOR_PORT: '0',
    SECGROUP_DB_PATH: join(dataDir, 'secgroup.sqlite'),
    EMULATOR_STATE_FILE: join(dataDir, 'emulator.json'),
    LOCAL_WORKSPACE_STATE_FILE: join(dataDir, 'local-workspace.json'),
    LOG_LEVEL: 'warn',
  });
  const app = await startSecgroup(config);
  let browser: LaunchedBrowser | undefined;
  const stop = async () => {
    await browser?.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (!app.workspaceUrl) throw new Error('local mode started no local workspace');
    browser = await launchChromium(chromiumPath);
    const page = await browser.context.newPage();
    await page.goto(`${app.workspaceUrl}/?user=${REQUESTER}&channel=${CHANNEL}`);
    await page.locator('.local-banner').waitFor(STEP_TIMEOUT);
    return { config, app, page, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Types in the channel's composer and sends it, as a person would (a message or a slash command). */
export async function typeMessage(page: Page, text: string): Promise<void> {
  const composer = page.getByLabel('Message', { exact: true });
  await composer.fill(text);
  await composer.press('Enter');
}

/** Switches "Viewing as" to `user`, and waits until the page shows it. */
export async function viewAs(page: Page, user: string): Promise<void> {
  await page.getByLabel('Viewing as').selectOption(user);
  await expect.poll(() => page.getByLabel('Viewing as').inputValue()).toBe(user);
}

/** The request's card in the channel: the message with a Requester field that names `name`. */
export function cardNamed(page: Page, name: string): Locator {
  return page.locator('#messages article.message').filter({ hasText: 'Requester' }).filter({ hasText: name });
}

/** As the requester: /secgroup new, `template`, `name`, submitted; its card once posted. */
export async function requestGroup(page: Page, template: string, name: string): Promise<Locator> {
  await viewAs(page, REQUESTER);
  await typeMessage(page, '/secgroup new');
  const dialog = page.getByRole('dialog');
  await dialog.waitFor(STEP_TIMEOUT);
  await dialog.getByLabel(template).check();
  // The form is updated to show the chosen template: wait for it, as a person would.
  await dialog.getByText(`${template} · needs`).waitFor(STEP_TIMEOUT);
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Submit for approval' }).click();
  await dialog.waitFor({ state: 'detached', ...STEP_TIMEOUT });
  const card = cardNamed(page, name);
  await card.waitFor(STEP_TIMEOUT);
  return card;
}

/** Opens the thread of `card`. */
export async function openThread(page: Page, card: Locator): Promise<Locator> {
  await card.getByRole('button', { name: /\d+ repl(y|ies)/ }).click();
  const thread = page.getByRole('complementary', { name: 'Thread' });
  await thread.waitFor(STEP_TIMEOUT);
  return thread;
}

/** As the approver: Approve in the thread of `card`, then confirms. */
export async function approveInThread(page: Page, card: Locator): Promise<void> {
  await viewAs(page, APPROVER);
  const thread = await openThread(page, card);
  await thread.getByRole('button', { name: 'Approve' }).last().click();
  const confirm = page.getByRole('alertdialog');
  await confirm.waitFor(STEP_TIMEOUT);
  await confirm.getByRole('button', { name: 'Approve and apply' }).click();
  await confirm.waitFor({ state: 'detached', ...STEP_TIMEOUT });
}
