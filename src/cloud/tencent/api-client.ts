import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import type { z } from 'zod';
import type { Log } from '../../lib/log.js';
import { CallFailure, classifyFailure } from './call-failure.js';
import type { CredentialSource } from './credentials/refreshing-credential.js';
import { serviceHost, TENCENT_APIS, type TencentService } from './tencent-apis.js';
import { createTransport } from './transport.js';

/** What the provider reports of its calls, for monitoring. */
export interface CloudCallMetrics {
  /** One attempt: `outcome` is `ok` or the failure's code (Tencent's, or RequestTimeout, NetworkError…). */
  cloudCall(call: { service: string; action: string; outcome: string }, seconds: number): void;
}

export interface TencentApiOptions {
  /** Keys, or temporary credentials kept fresh (credentials/credential-source.ts). */
  credentials: CredentialSource;
  /** TENCENTCLOUD_ENDPOINT: one base URL for every service. */
  endpoint?: string;
  timeoutMs: number;
  log: Log;
  metrics?: CloudCallMetrics;
}

export interface TencentCall<S extends z.ZodType> {
  service: TencentService;
  action: string;
  /** Sent as X-TC-Region; the region and tag APIs take none. */
  region?: string;
  params: Record<string, unknown>;
  /** What the caller reads from the answer. */
  response: S;
}

/** One signed call to a Tencent Cloud API through the official SDK client, without retries. */
export interface TencentApi {
  /** Throws CallFailure. */
  call<S extends z.ZodType>(call: TencentCall<S>): Promise<z.output<S>>;
}

export function createTencentApi(options: TencentApiOptions): TencentApi {
  const transport = createTransport(options.endpoint);
  const clients = new Map<string, CommonClient>();

  const clientFor = (service: TencentService, region: string | undefined): CommonClient => {
    const key = `${service}/${region ?? ''}`;
    let client = clients.get(key);
    if (!client) {
      client = new CommonClient(serviceHost(service), TENCENT_APIS[service].version, {
        credential: options.credentials,
        region,
        profile: {
          // English region and project names for the people using the app.
          language: 'en-US',
          httpProfile: {
            protocol: transport.protocol,
            agent: transport.agent,
            // A backstop only: each call aborts itself after timeoutMs.
            reqTimeout: (options.timeoutMs + 1000) / 1000,
          },
        },
      });
      client.path = transport.path;
      clients.set(key, client);
    }
    return client;
  };

  return {
    async call({ service, action, region, params, response }) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), options.timeoutMs);
      const started = performance.now();
      const measure = (outcome: string) =>
        options.metrics?.cloudCall({ service, action, outcome }, (performance.now() - started) / 1000);
      try {
        // Had here first, so a role or STS that does not answer is told apart from the call itself
        // (the SDK would wrap the failure as a network error); the SDK then gets the same credentials.
        await options.credentials.getCredential();
      } catch (err) {
        clearTimeout(timer);
        measure('CredentialsUnavailable');
        throw new CallFailure('unsent', 'CredentialsUnavailable', err instanceof Error ? err.message : String(err));
      }
      let answer: Record<string, unknown>;
      try {
        answer = await clientFor(service, region).request(action, params, { signal: controller.signal });
      } catch (err) {
        const failure = classifyFailure(err, controller.signal.aborted ? options.timeoutMs : undefined);
        measure(failure.code);
        options.log.debug(`Tencent Cloud ${service}.${action} ${region ?? ''}: ${failure.code}`);
        throw failure;
      } finally {
        clearTimeout(timer);
      }
      const requestId = typeof answer.RequestId === 'string' ? answer.RequestId : undefined;
      options.log.debug(`Tencent Cloud ${service}.${action} ${region ?? ''}: ok (RequestId ${requestId ?? '-'})`);
      const parsed = response.safeParse(answer);
      if (!parsed.success) {
        measure('UnexpectedResponse');
        const where = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
        throw new CallFailure(
          'rejected',
          'UnexpectedResponse',
          `${action} answered in an unknown shape at ${where}`,
          requestId,
        );
      }
      measure('ok');
      return parsed.data;
    },
  };
}
