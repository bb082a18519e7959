/** fast-check arbitraries for what a hostile or unlucky person types into the forms and the command. */
import fc from 'fast-check';

/** Pieces that mean something to Slack, to a terminal, to a bidi renderer or to a parser. */
export const NASTY_PIECES = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U0APPROVER1>',
  '<@W0ADMIN>',
  '<#C0SECREQ>',
  '<#C0SECREQ|general>',
  '<!subteam^S0SECOPS>',
  '<https://evil.example|click here>',
  '<mailto:x@evil.example>',
  '&lt;!channel&gt;',
  '&amp;',
  '&',
  '<',
  '>',
  '*bold*',
  '_it_',
  '~strike~',
  '`code`',
  '```',
  '> quote',
  ':white_check_mark:',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u0085',
  '\n',
  '\r\n',
  '\t',
  'مرحبا',
  'שלום עולם',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  'e\u0301',
  'Z̷̢͉a̸l̶g̵o',
  '\ud800',
  '\udfff',
  // A template placeholder that must stay text.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the test input
  '${process.env}',
  "'; DROP TABLE secgroup_requests; --",
  '{"value":{}}',
  '%s%n',
  '../../etc/passwd',
] as const;

/** Text as people type it, hostile or not: pieces, random graphemes, any code point, long runs. */
export const hostileText = (maxLength = 80): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .array(fc.oneof(fc.constantFrom(...NASTY_PIECES), fc.string({ maxLength: 6 })), { maxLength: 8 })
        .map((parts) => parts.join('')),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength }) },
    { weight: 1, arbitrary: fc.nat({ max: 400 }).map((n) => 'x'.repeat(n)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '   web-prod   ',
        'web-prod',
        'a'.repeat(60),
        'a'.repeat(61),
        '😀'.repeat(60),
        '😀'.repeat(61),
      ),
    },
  );

export interface NewGroupAnswers {
  region?: string | null;
  templateId?: string | null;
  name?: string | null;
  projectId?: string | null;
  notes?: string | null;
}

/** Mostly one of `usual`, sometimes missing, sometimes anything at all. */
const mostly = (usual: fc.Arbitrary<string>, other: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 12, arbitrary: usual },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: other },
  );

/** Modal answers: mostly the offered choices, sometimes missing or forged; the free text hostile. */
export const newGroupAnswers: fc.Arbitrary<NewGroupAnswers> = fc.record(
  {
    region: mostly(fc.constantFrom('ap-guangzhou', 'ap-singapore'), hostileText(20)),
    templateId: mostly(fc.constantFrom('web-basic', 'open-all', 'custom'), hostileText(20)),
    name: fc.oneof({ weight: 8, arbitrary: hostileText(60) }, { weight: 1, arbitrary: fc.constant(null) }),
    projectId: mostly(
      fc.constantFrom('0', '1001', '00', '0001001'),
      fc.oneof(fc.constantFrom('-1', '1e3', '99999999999999999999', '123456789012345678901'), hostileText(12)),
    ),
    notes: fc.oneof({ weight: 8, arbitrary: hostileText(140) }, { weight: 1, arbitrary: fc.constant(null) }),
  },
  { requiredKeys: [] },
);

/** Ports as people write them, including every edge the parser must get right. */
export const portText = fc.oneof(
  fc.constantFrom(
    '22',
    '80,443',
    '8000-8010',
    'ALL',
    'all',
    '',
    ' 22 ',
    '0',
    '1',
    '65535',
    '65536',
    '1-65535',
    '443-80',
    '22,22',
    '22-22',
    '80, 443',
    '22,',
    ',22',
    '-',
    '1-2-3',
    '00022',
    '٢٢',
    '２２',
    '0x16',
    '1e3',
    '-1',
    '22;rm -rf /',
    '80,443-8080',
  ),
  fc.integer({ min: -2, max: 70_000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 70_000 }), fc.integer({ min: 0, max: 70_000 })).map(([a, b]) => `${a}-${b}`),
  hostileText(12),
);

/** Sources and destinations: CIDRs at and past every edge, group ids, and anything else. */
export const peerText = fc.oneof(
  fc.constantFrom(
    '0.0.0.0/0',
    '10.0.0.0/8',
    '10.0.0.1/8',
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0.0/',
    '1.2.3.4',
    '1.2.3.4/32',
    '1.2.3',
    '256.0.0.0/8',
    '010.0.0.0/8',
    '10.0.0.0/08',
    ' 10.0.0.0/8 ',
    '::/0',
    '::/129',
    '2001:db8::/32',
    '2001:DB8::/32',
    '2001:db8::1/32',
    'fe80::1%eth0',
    '::ffff:1.2.3.4/128',
    '::1',
    'sg-1a2b3c4d',
    'SG-1A2B3C4D',
    'sg-1234567',
    'sg-123456789',
    'sg-',
    '',
    '0/0',
    '0.0.0.0/0 ',
    'localhost',
    '*',
  ),
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 33 })).map(([ip, p]) => `${ip}/${p}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 129 })).map(([ip, p]) => `${ip}/${p}`),
  hostileText(20),
);

export interface RuleRow {
  direction: string;
  protocol: string;
  port: string;
  peer: string;
  action: string;
  description: string;
}

/** A rule row: each field mostly plausible, so whole rows pass often enough to check what is stored. */
const usually = (usual: fc.Arbitrary<string>, other: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 10, arbitrary: usual }, { weight: 1, arbitrary: other });

export const ruleRow: fc.Arbitrary<RuleRow> = fc.record({
  direction: usually(fc.constantFrom('inbound', 'outbound', 'Inbound'), hostileText(10)),
  protocol: usually(fc.constantFrom('TCP', 'UDP', 'ICMP', 'ICMPv6', 'ALL', 'tcp'), hostileText(6)),
  port: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('22', '80,443', '8000-8010', 'ALL', '', '1', '65535') },
    { weight: 2, arbitrary: portText },
  ),
  peer: fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom('10.0.0.0/8', '0.0.0.0/0', '::/0', '2001:db8::/32', '192.0.2.7', 'sg-1a2b3c4d'),
    },
    { weight: 2, arbitrary: peerText },
  ),
  action: usually(fc.constantFrom('ACCEPT', 'DROP'), hostileText(6)),
  description: fc.oneof(hostileText(100), fc.constant('')),
});

/** What follows `/secgroup`. */
export const commandText = fc.oneof(
  fc.constantFrom(
    '',
    'help',
    'new',
    'NEW',
    'templates',
    'history',
    'list',
    'list ap-guangzhou',
    'show',
    'show req-00000000',
    'show REQ-ABCDEFGH',
    'show sg-1a2b3c4d ap-guangzhou',
    'new extra',
  ),
  fc.tuple(fc.constantFrom('', 'show ', 'list ', 'new ', 'show req-1 '), hostileText(60)).map(([a, b]) => a + b),
  hostileText(200),
);
