/**
 * One Tencent Cloud API call: POST / with X-TC-* headers and a JSON body, TC3-HMAC-SHA256, the
 * `Response` envelope with a RequestId on every answer, errors with HTTP 200. Faults, holds and
 * the call record are applied here, around the action.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { TENCENT_APIS, TENCENT_SERVICES, type TencentService } from '../../cloud/tencent/tencent-apis.js';
import type { Clock } from '../../lib/clock.js';
import type { Log } from '../../lib/log.js';
import type { Action, ActionContext, EmulatorLimits } from './action-context.js';
import { TencentApiError } from './api-error.js';
import type { CallLog, RecordedCall } from './call-log.js';
import { REGION_ACTIONS, TAG_ACTIONS } from './catalog-actions.js';
import type { EmulatorState } from './emulator-state.js';
import {
  type EmulatorFaults,
  INTERNAL_ERROR_MESSAGE,
  type ScriptedFault,
  THROTTLE_MESSAGE,
  takeScriptedFault,
} from './faults.js';
import type { CallHolds } from './holds.js';
import { flatHeaders, header, parseJson, sendGatewayError, sendJson } from './http-io.js';
import { isObject } from './params.js';
import type { EmulatedRegion } from './regions.js';
import type { StateStore } from './state-store.js';
import { TAG_RESOURCE_ACTIONS } from './tag-actions.js';
import { verifyTc3Request } from './tc3-signature.js';
import type { TemporaryCredentials } from './temporary-credentials.js';
import { VPC_ACTIONS } from './vpc-actions.js';

const SERVICE_ACTIONS: Record<TencentService, { regional: boolean; actions: Record<string, Action> }> = {
  vpc: { regional: true, actions: VPC_ACTIONS },
  region: { regional: false, actions: REGION_ACTIONS },
  tag: { regional: false, actions: { ...TAG_ACTIONS, ...TAG_RESOURCE_ACTIONS } },
};

const GROUP_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface ApiDeps {
  secretId: string;
  secretKey: string;
  temporaryCredentials: TemporaryCredentials;
  clock: Clock;
  log: Log;
  random: () => number;
  limits: EmulatorLimits;
  /** The regions it serves now (a test may change them). */
  regions(): readonly EmulatedRegion[];
  faults: EmulatorFaults;
  store: StateStore;
  calls: CallLog;
  holds: CallHolds;
  stopped(): boolean;
}

type Outcome =
  | { kind: 'answer'; body: Record<string, unknown> }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'http'; status: number }
  | { kind: 'drop' };

const error = (code: string, message: string): Outcome => ({ kind: 'error', code, message });
const missing = (name: string) => error('MissingParameter', `The request is missing a required parameter \`${name}\`.`);

function newGroupId(state: EmulatorState): string {
  for (;;) {
    const id = `sg-${Array.from({ length: 8 }, () => GROUP_ID_ALPHABET[randomInt(GROUP_ID_ALPHABET.length)]).join('')}`;
    if (!state.groups.some((g) => g.SecurityGroupId === id)) return id;
  }
}

function faultOutcome(fault: ScriptedFault): Outcome {
  if (fault.reset) return { kind: 'drop' };
  if (fault.httpStatus !== undefined) return { kind: 'http', status: fault.httpStatus };
  const code = fault.code ?? 'InternalError';
  const message =
    fault.message ??
    (code.startsWith('RequestLimitExceeded')
      ? THROTTLE_MESSAGE
      : code.startsWith('InternalError')
        ? INTERNAL_ERROR_MESSAGE
        : `Injected fault ${code}.`);
  return error(code, message);
}

export function apiHandler(deps: ApiDeps) {
  const { clock, log, faults } = deps;

  const decide = async (req: IncomingMessage, body: Buffer, call: RecordedCall): Promise<Outcome> => {
    const { action, region } = call;
    if (req.method !== 'POST')
      return error('UnsupportedProtocol', 'The emulator takes POST requests with a JSON body.');
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (deps.random() < faults.error5xxRate) return { kind: 'http', status: 503 };
    const scripted = takeScriptedFault(faults, action);
    if (scripted && !scripted.afterCommit) return faultOutcome(scripted);
    if (deps.random() < faults.throttleRate) return error('RequestLimitExceeded', THROTTLE_MESSAGE);

    const url = new URL(req.url ?? '/', 'http://emulator');
    const verdict = verifyTc3Request(
      { method: 'POST', path: url.pathname, query: url.search.slice(1), headers: flatHeaders(req), body },
      {
        secretKeyOf: (id) => (id === deps.secretId ? deps.secretKey : deps.temporaryCredentials.secretKeyOf(id)),
        services: TENCENT_SERVICES,
        nowSeconds: Math.floor(clock.now().getTime() / 1000),
      },
    );
    if (!verdict.ok) return error(verdict.code, verdict.message);
    const token = deps.temporaryCredentials.checkToken(verdict.secretId, header(req, 'x-tc-token'), clock.now());
    if (!token.ok) return error(token.code, token.message);
    call.service = verdict.service;
    const hostService = (header(req, 'host') ?? '').split('.')[0] ?? '';
    if ((TENCENT_SERVICES as string[]).includes(hostService) && hostService !== verdict.service) {
      return error(
        'AuthFailure.InvalidAuthorization',
        'The request `Authorization` header does not conform to tencentcloud standards: `Service` in Credential not valid.',
      );
    }
    const service = verdict.service as TencentService;
    if (action === '') return missing('Action');
    const version = header(req, 'x-tc-version') ?? '';
    if (version === '') return missing('Version');
    if (version !== TENCENT_APIS[service].version) {
      return error('NoSuchVersion', `The API version \`${version}\` of service \`${service}\` does not exist.`);
    }
    const { regional, actions } = SERVICE_ACTIONS[service];
    const handler = actions[action];
    if (!handler) return error('InvalidAction', `The action \`${action}\` of service \`${service}\` is not found.`);
    if (regional && region === '') return missing('Region');
    const regions = deps.regions();
    if (regional && !regions.some((r) => r.id === region)) {
      return error('UnsupportedRegion', `The region \`${region}\` is not supported.`);
    }
    if (call.params === undefined) return error('InvalidParameter', 'The request body is not valid JSON.');
    if (!isObject(call.params)) return error('InvalidParameter', 'The request body must be a JSON object.');

    const hold = deps.holds.take(action);
    if (hold?.point === 'before') {
      hold.arrive();
      await hold.released;
      if (deps.stopped()) return { kind: 'drop' };
    }
    const ctx: Omit<ActionContext, 'state' | 'newGroupId'> = {
      region,
      params: call.params,
      now: clock.now(),
      limits: deps.limits,
      regions,
      language: header(req, 'x-tc-language') === 'en-US' ? 'en-US' : 'zh-CN',
      clientIp: req.socket.remoteAddress ?? '',
    };
    let outcome: Outcome;
    try {
      const answer = handler.changes
        ? await deps.store.change((working) =>
            handler.run({ ...ctx, state: working, newGroupId: () => newGroupId(working) }),
          )
        : handler.run({
            ...ctx,
            state: deps.store.saved(),
            newGroupId: () => {
              throw new Error(`${action} reads, but made a group`);
            },
          });
      outcome = { kind: 'answer', body: answer };
    } catch (err) {
      if (err instanceof TencentApiError) outcome = error(err.code, err.message);
      else {
        log.error(`emulator: ${action} failed`, err);
        outcome = error('InternalError', INTERNAL_ERROR_MESSAGE);
      }
    }
    if (hold?.point === 'after') {
      hold.arrive();
      await hold.released;
      if (deps.stopped()) return { kind: 'drop' };
    }
    return scripted?.afterCommit ? faultOutcome(scripted) : outcome;
  };

  return async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
    const parsed = parseJson(body);
    const hostService = (header(req, 'host') ?? '').split('.')[0] ?? '';
    const call = deps.calls.record({
      // Until the signature names it (a client may send any Host).
      service: (TENCENT_SERVICES as string[]).includes(hostService) ? hostService : '',
      action: header(req, 'x-tc-action') ?? '',
      region: header(req, 'x-tc-region') ?? '',
      params: parsed.ok ? parsed.value : undefined,
      outcome: 'pending',
      requestId: randomUUID(),
    });
    const outcome = await decide(req, body, call);
    const envelope = (response: Record<string, unknown>) =>
      sendJson(res, 200, { Response: { ...response, RequestId: call.requestId } });
    if (outcome.kind === 'answer') {
      call.outcome = 'ok';
      envelope(outcome.body);
    } else if (outcome.kind === 'error') {
      call.outcome = outcome.code;
      envelope({ Error: { Code: outcome.code, Message: outcome.message } });
    } else if (outcome.kind === 'http') {
      call.outcome = `HTTP ${outcome.status}`;
      sendGatewayError(res, outcome.status);
    } else {
      call.outcome = 'dropped';
      req.socket.destroy();
    }
    // One line per call (the bench counts calls by it).
    log.debug(`emulator: ${call.action || '-'} ${call.region || '-'} → ${call.outcome} (${call.requestId})`);
  };
}
