/**
 * The Web API endpoint (/api/<method>): checks the bot token, applies injected faults,
 * dispatches to the method, and records every call for tests and benchmarks.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Log } from '../../../lib/log.js';
import type { JsonObject } from '../workspace-state.js';
import { type Args, parseArgs, recordableArgs, SlackApiError, stringArg } from './arguments.js';
import { chatDelete, chatGetPermalink, chatPostEphemeral, chatPostMessage, chatUpdate } from './chat-methods.js';
import {
  appsConnectionsOpen,
  authTest,
  conversationsInfo,
  usergroupsUsersList,
  usersInfo,
} from './directory-methods.js';
import type { FaultInjector } from './faults.js';
import type { MethodContext } from './method-context.js';
import { viewsOpen, viewsPush, viewsUpdate } from './view-methods.js';

type MethodHandler = (args: Args, ctx: MethodContext) => JsonObject;

const METHODS: Record<string, MethodHandler> = {
  'apps.connections.open': appsConnectionsOpen,
  'auth.test': authTest,
  'chat.postMessage': chatPostMessage,
  'chat.update': chatUpdate,
  'chat.postEphemeral': chatPostEphemeral,
  'chat.delete': chatDelete,
  'chat.getPermalink': chatGetPermalink,
  'views.open': viewsOpen,
  'views.push': viewsPush,
  'views.update': viewsUpdate,
  'usergroups.users.list': usergroupsUsersList,
  'conversations.info': conversationsInfo,
  'users.info': usersInfo,
};

export const SUPPORTED_METHODS: readonly string[] = Object.keys(METHODS);

export interface WebApiCall {
  method: string;
  /** Decoded arguments (blocks/view parsed), without the token. */
  args: Args;
  at: number;
  status: number;
  ok: boolean;
  error?: string;
}

export interface WebApiRequest {
  authorization: string | undefined;
  mediaType: string;
  body: string;
  query: URLSearchParams;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Enough for any test or benchmark run; older calls are dropped first. */
const MAX_RECORDED_CALLS = 50_000;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function json(status: number, body: JsonObject, headers: Record<string, string> = {}): HttpAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

function errorBody(err: SlackApiError): JsonObject {
  const body: JsonObject = { ok: false, error: err.code };
  if (err.messages.length > 0) body.response_metadata = { messages: err.messages };
  return body;
}

export interface WebApi {
  handle(method: string, request: WebApiRequest): Promise<HttpAnswer>;
  calls(): WebApiCall[];
}

export function createWebApi(options: {
  ctx: MethodContext;
  botToken: string;
  /** The app-level token (xapp-…) apps.connections.open takes, in Socket Mode. */
  appToken?: string;
  faults: FaultInjector;
  log: Log;
}): WebApi {
  const { ctx, faults, log } = options;
  const botToken = digest(options.botToken);
  const appToken = options.appToken ? digest(options.appToken) : undefined;
  const is = (token: string, expected: Buffer | undefined) =>
    expected !== undefined && timingSafeEqual(digest(token), expected);
  const recorded: WebApiCall[] = [];

  const record = (method: string, args: Args, answer: HttpAnswer, body: JsonObject | undefined) => {
    const ok = body?.ok === true;
    const error = typeof body?.error === 'string' ? body.error : undefined;
    recorded.push({ method, args: recordableArgs(args), at: ctx.state.now(), status: answer.status, ok, error });
    if (recorded.length > MAX_RECORDED_CALLS) recorded.shift();
    log.debug(`local workspace: ${method} -> ${answer.status} ${ok ? 'ok' : (error ?? 'failed')}`);
  };

  /**
   * Bot methods take the bot token (header or `token` argument); apps.connections.open takes the
   * app-level token, from the Authorization header only ("passing it as a POST parameter will
   * result in an error": https://docs.slack.dev/reference/methods/apps.connections.open). A token
   * of the other kind is not_allowed_token_type, an unknown one invalid_auth.
   */
  const authorize = (method: string, request: WebApiRequest, args: Args) => {
    const header = request.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const wantsAppToken = method === 'apps.connections.open';
    const token = wantsAppToken ? header : (header ?? stringArg(args, 'token'));
    if (!token) throw new SlackApiError('not_authed');
    const [right, other] = wantsAppToken ? [appToken, botToken] : [botToken, appToken];
    if (is(token, right)) return;
    throw new SlackApiError(is(token, other) ? 'not_allowed_token_type' : 'invalid_auth');
  };

  return {
    calls: () => [...recorded],
    async handle(method, request) {
      let args: Args = {};
      try {
        args = parseArgs(request.mediaType, request.body, request.query);
        authorize(method, request, args);
      } catch (err) {
        if (!(err instanceof SlackApiError)) throw err;
        const body = errorBody(err);
        const answer = json(200, body);
        record(method, args, answer, body);
        return answer;
      }

      const fault = faults.take(method);
      if (fault?.delayMs) await delay(fault.delayMs);
      if (fault?.status === 429) {
        // Slack's rate-limit answer: 429, Retry-After in whole seconds, and this exact body.
        const body = { ok: false, error: 'ratelimited' };
        const answer = json(429, body, { 'retry-after': String(fault.retryAfter ?? 1) });
        record(method, args, answer, body);
        return answer;
      }
      if (fault?.status !== undefined) {
        const answer: HttpAnswer = {
          status: fault.status,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body: 'Internal Server Error (injected fault)',
        };
        record(method, args, answer, undefined);
        return answer;
      }
      if (fault?.error) {
        const body = { ok: false, error: fault.error };
        const answer = json(200, body);
        record(method, args, answer, body);
        return answer;
      }

      const handler = METHODS[method];
      let body: JsonObject;
      if (!handler) {
        body = { ok: false, error: 'unknown_method', req_method: method };
      } else {
        try {
          body = handler(args, ctx);
        } catch (err) {
          if (!(err instanceof SlackApiError)) throw err;
          body = errorBody(err);
        }
      }
      const answer = json(200, body);
      record(method, args, answer, body);
      return answer;
    },
  };
}
