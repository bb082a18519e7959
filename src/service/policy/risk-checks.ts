/**
 * Flags planned rules that open all ports, or a port attackers scan for, to the whole internet.
 * Findings are shown to requester and approvers; they never block a request.
 *
 * Exposure is judged on the union of the sources that reach a port, not rule by rule: TCP 22
 * from 0.0.0.0/1 and from 128.0.0.0/1 is SSH open to the internet as surely as 0.0.0.0/0 is. Only
 * inbound ACCEPT rules from addresses count (as before: a DROP, a security group or an outbound
 * rule opens nothing). With `existing` (the group's rules now), a change that completes what the
 * group already allows is flagged too; what the group alone already exposes is not this change's.
 */
import type { Protocol, RiskFinding, Rule } from '../types.js';
import {
  type AddressBlock,
  addressBlockOf,
  coversFamily,
  FAMILIES,
  type Family,
  strictlyInside,
} from './address-space.js';

interface SensitivePort {
  port: number;
  service: string;
  protocols: readonly Protocol[];
}

const TCP = ['TCP'] as const;
const TCP_UDP = ['TCP', 'UDP'] as const;

/** Remote access, databases, caches and daemons that should never face the internet. */
export const SENSITIVE_PORTS: readonly SensitivePort[] = [
  { port: 21, service: 'FTP', protocols: TCP },
  { port: 22, service: 'SSH', protocols: TCP },
  { port: 23, service: 'Telnet', protocols: TCP },
  { port: 135, service: 'Windows RPC', protocols: TCP_UDP },
  { port: 137, service: 'NetBIOS', protocols: TCP_UDP },
  { port: 138, service: 'NetBIOS', protocols: TCP_UDP },
  { port: 139, service: 'NetBIOS', protocols: TCP_UDP },
  { port: 161, service: 'SNMP', protocols: ['UDP'] },
  { port: 445, service: 'SMB', protocols: TCP_UDP },
  { port: 1433, service: 'SQL Server', protocols: TCP },
  { port: 1521, service: 'Oracle', protocols: TCP },
  { port: 2375, service: 'Docker', protocols: TCP },
  { port: 2376, service: 'Docker TLS', protocols: TCP },
  { port: 2379, service: 'etcd', protocols: TCP },
  { port: 3306, service: 'MySQL', protocols: TCP },
  { port: 3389, service: 'RDP', protocols: TCP_UDP },
  { port: 5432, service: 'PostgreSQL', protocols: TCP },
  { port: 5900, service: 'VNC', protocols: TCP },
  { port: 5984, service: 'CouchDB', protocols: TCP },
  { port: 6379, service: 'Redis', protocols: TCP },
  { port: 6443, service: 'Kubernetes API', protocols: TCP },
  { port: 8086, service: 'InfluxDB', protocols: TCP },
  { port: 9200, service: 'Elasticsearch', protocols: TCP },
  { port: 9300, service: 'Elasticsearch', protocols: TCP },
  { port: 10250, service: 'Kubelet', protocols: TCP },
  { port: 11211, service: 'memcached', protocols: TCP_UDP },
  { port: 27017, service: 'MongoDB', protocols: TCP },
];

export interface RiskOptions {
  /** The group's rules as they are now, for a change to an existing group. */
  existing?: readonly Rule[];
}

/** Names shown in one finding before the rest are counted. */
const NAMED_MAX = 3;
const PORT_MAX = 65535;
const PORTED = ['TCP', 'UDP'] as const;
type Ported = (typeof PORTED)[number];

/** An inbound ACCEPT rule from addresses: where it comes from, and what it lets in. */
interface Source {
  /** Index into the planned rules; undefined for a rule the group already has. */
  ruleIndex?: number;
  block: AddressBlock;
  protocol: Protocol;
  /** Inclusive port intervals, for TCP and UDP. */
  ports: [number, number][];
}

/** An exposure found, and the planned rules that make it (the widest sources in it). */
interface Exposure {
  makers: Set<number>;
  /** It needs the group's rules too. */
  withExisting: boolean;
}

function portIntervals(spec: string): [number, number][] {
  if (spec === 'ALL') return [[1, PORT_MAX]];
  const range = /^(\d+)-(\d+)$/.exec(spec);
  if (range) return [[Number(range[1]), Number(range[2])]];
  return spec.split(',').map((p): [number, number] => [Number(p), Number(p)]);
}

function sourcesOf(rules: readonly Rule[], planned: boolean): Source[] {
  const sources: Source[] = [];
  rules.forEach((rule, index) => {
    if (rule.direction !== 'inbound' || rule.action !== 'ACCEPT') return;
    const block = addressBlockOf(rule.peer);
    if (!block) return;
    sources.push({
      ...(planned ? { ruleIndex: index } : {}),
      block,
      protocol: rule.protocol,
      ports: portIntervals(rule.port),
    });
  });
  return sources;
}

const reaches = (source: Source, protocol: Ported, port: number) =>
  source.protocol === 'ALL' || (source.protocol === protocol && source.ports.some(([a, b]) => a <= port && port <= b));

/** How the sources of one family reach one port: together, the plan's alone, the group's alone. */
interface Coverage {
  all: boolean;
  planned: boolean;
  existing: boolean;
  /** Planned rules among the widest sources: no other source holds them. */
  makers: number[];
}

function coverageOf(sources: readonly Source[], family: Family): Coverage {
  const inFamily = sources.filter((s) => s.block.family === family);
  const covers = (some: readonly Source[]) =>
    coversFamily(
      some.map((s) => s.block),
      family,
    );
  const planned = inFamily.filter((s): s is Source & { ruleIndex: number } => s.ruleIndex !== undefined);
  const makers = planned
    .filter(({ block }) => !inFamily.some((other) => strictlyInside(block, other.block)))
    .map((s) => s.ruleIndex);
  return {
    all: covers(inFamily),
    planned: covers(planned),
    existing: covers(inFamily.filter((s) => s.ruleIndex === undefined)),
    makers,
  };
}

/**
 * Whether every one of `stretches` (sources reaching one port, or each stretch of ports) is open
 * to a whole address family (the internet, for IPv4 or IPv6), and the planned rules that open it.
 * Undefined when it is not, or when the group alone already opens it and the plan alone would not.
 */
function exposureOf(stretches: readonly (readonly Source[])[]): Exposure | undefined {
  let found: Exposure | undefined;
  for (const family of FAMILIES) {
    const coverages = stretches.map((sources) => coverageOf(sources, family));
    if (!coverages.every((c) => c.all)) continue;
    const planAlone = coverages.every((c) => c.planned);
    if (!planAlone && coverages.every((c) => c.existing)) continue;
    found ??= { makers: new Set(), withExisting: false };
    found.withExisting ||= !planAlone;
    for (const coverage of coverages) for (const maker of coverage.makers) found.makers.add(maker);
  }
  return found;
}

/** Every port of a protocol open to the internet: each stretch of ports between the rules' edges. */
function allPortsExposure(sources: readonly Source[], protocol: Ported): Exposure | undefined {
  const relevant = sources.filter((s) => s.protocol === 'ALL' || s.protocol === protocol);
  const edges = new Set<number>([1]);
  for (const source of relevant) {
    for (const [from, to] of source.protocol === 'ALL' ? [] : source.ports) {
      edges.add(from);
      if (to < PORT_MAX) edges.add(to + 1);
    }
  }
  return exposureOf([...edges].map((start) => relevant.filter((s) => reaches(s, protocol, start))));
}

/** What each planned rule helps expose, as the words of its finding. */
interface RuleExposures {
  allPorts: boolean;
  allOf: Set<Ported>;
  services: Set<SensitivePort>;
  withExisting: boolean;
}

function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function describe(found: RuleExposures): string {
  const together = found.withExisting ? ", together with the group's current rules" : '';
  if (found.allPorts) return `All ports open to the internet${together}`;
  const parts = PORTED.filter((p) => found.allOf.has(p)).map((p) => `All ${p} ports`);
  const services = [...found.services].sort((a, b) => a.port - b.port);
  const named = services.slice(0, NAMED_MAX).map((s) => `${s.service} (${s.port})`);
  const more = services.length - named.length;
  const list =
    more > 0 ? `${[...parts, ...named].join(', ')} and ${more} more sensitive ports` : joinAnd([...parts, ...named]);
  return `${list} open to the internet${together}`;
}

/**
 * One finding per planned rule that helps open something to the internet, in rule order; its
 * message says what (the same words for rules that open the same, so a card can group them).
 */
export function assessRisk(rules: readonly Rule[], options: RiskOptions = {}): RiskFinding[] {
  const sources = [...sourcesOf(rules, true), ...sourcesOf(options.existing ?? [], false)];
  const byRule = new Map<number, RuleExposures>();
  const record = (exposure: Exposure | undefined, add: (found: RuleExposures) => void) => {
    for (const index of exposure?.makers ?? []) {
      const found = byRule.get(index) ?? {
        allPorts: false,
        allOf: new Set(),
        services: new Set(),
        withExisting: false,
      };
      add(found);
      found.withExisting ||= exposure?.withExisting ?? false;
      byRule.set(index, found);
    }
  };

  record(exposureOf([sources.filter((s) => s.protocol === 'ALL')]), (found) => {
    found.allPorts = true;
  });
  for (const protocol of PORTED) {
    const allPorts = allPortsExposure(sources, protocol);
    if (allPorts) {
      record(allPorts, (found) => found.allOf.add(protocol));
      continue;
    }
    for (const sensitive of SENSITIVE_PORTS.filter((s) => s.protocols.includes(protocol))) {
      const exposure = exposureOf([sources.filter((s) => reaches(s, protocol, sensitive.port))]);
      record(exposure, (found) => found.services.add(sensitive));
    }
  }

  return [...byRule.entries()]
    .sort(([a], [b]) => a - b)
    .map(([ruleIndex, found]) => ({ ruleIndex, severity: 'warning' as const, message: describe(found) }));
}
