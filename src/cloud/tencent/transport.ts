import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/** How the SDK client reaches Tencent Cloud: its `protocol`, `agent` and request path. */
export interface TencentTransport {
  protocol: 'https://' | 'http://';
  agent: http.Agent;
  path: string;
}

/** Opens every connection to one host and port, whatever host the request names. */
class FixedTargetHttpAgent extends http.Agent {
  constructor(
    private readonly target: { host: string; port: number },
    options: http.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(): Duplex {
    return net.connect(this.target);
  }
}

class FixedTargetHttpsAgent extends https.Agent {
  constructor(
    private readonly target: { host: string; port: number },
    options: https.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(): Duplex {
    const servername = net.isIP(this.target.host) === 0 ? this.target.host : undefined;
    return tls.connect({ ...this.target, servername });
  }
}

/**
 * Without a base URL, requests go to https://<service>.tencentcloudapi.com/.
 *
 * With one (TENCENTCLOUD_ENDPOINT: a private endpoint, a gateway, the emulator), every service's
 * requests are sent there instead, but the request still names the real service host: the SDK
 * derives the signing service from the endpoint's first label (an IP would sign as service "127"),
 * and Tencent Cloud and the emulator reject a credential scope that names the wrong service.
 * So the endpoint stays `<service>.tencentcloudapi.com` and only the agent's connections go to
 * the base URL's host and port.
 *
 * There is always an explicit agent: without one the SDK routes through $http_proxy.
 */
export function createTransport(baseUrl?: string): TencentTransport {
  const agentOptions = { keepAlive: true };
  if (baseUrl === undefined) {
    return { protocol: 'https://', agent: new https.Agent(agentOptions), path: '/' };
  }
  const url = new URL(baseUrl);
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') {
    throw new Error(`TENCENTCLOUD_ENDPOINT must be an http(s) URL, got ${url.protocol}`);
  }
  const target = { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) || (secure ? 443 : 80) };
  return {
    protocol: secure ? 'https://' : 'http://',
    agent: secure ? new FixedTargetHttpsAgent(target, agentOptions) : new FixedTargetHttpAgent(target, agentOptions),
    path: url.pathname === '' ? '/' : url.pathname,
  };
}
