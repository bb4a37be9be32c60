import { describe, expect, it } from 'vitest';
import {
  formatAddress,
  formatRange,
  IpSet,
  parseCidr,
  parseIpAddress,
  partitionRanges,
  universe,
  type IpRange,
} from '../../src/model/ip.js';

function cidr(text: string): IpRange {
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed.range;
}

describe('CIDR parsing', () => {
  it('IPv4 network', () => {
    const parsed = parseCidr('10.1.0.0/16');

    expect(parsed).toMatchObject({
      family: 4,
      prefixLength: 16,
      nonCanonical: false,
      canonical: '10.1.0.0/16',
    });
    expect(formatRange(cidr('10.1.0.0/16'))).toBe('10.1.0.0-10.1.255.255');
  });

  it('host bits are flagged', () => {
    expect(parseCidr('10.1.2.3/8')).toMatchObject({ nonCanonical: true, canonical: '10.0.0.0/8' });
  });

  it('leading zeros are flagged', () => {
    expect(parseCidr('010.0.0.0/8')).toMatchObject({ nonCanonical: true, canonical: '10.0.0.0/8' });
  });

  it('IPv6 network', () => {
    expect(formatRange(cidr('2001:db8::/32'))).toBe(
      '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
    );
    expect(formatRange(cidr('::/0'))).toBe('::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
  });

  it.each([
    ['10.0.0.0', 'it has no prefix length (such as /24)'],
    ['10.0.0.0/33', 'its prefix length must be a number from 0 to 32'],
    ['10.0.0/8', 'its address part is not an IPv4 or IPv6 address'],
    ['256.0.0.0/8', 'its address part is not an IPv4 or IPv6 address'],
    ['2001:db8::/129', 'its prefix length must be a number from 0 to 128'],
    ['2001:db8:::1/64', 'its address part is not an IPv4 or IPv6 address'],
    ['10.0.0.0/+8', 'its prefix length must be a number from 0 to 32'],
    ['', 'it has no prefix length (such as /24)'],
  ])('%s is rejected', (text, reason) => {
    expect(parseCidr(text)).toBe(reason);
  });
});

describe('address formatting', () => {
  it('IPv6 compresses the longest zero run', () => {
    const address = parseIpAddress('2001:db8:0:0:1:0:0:1');

    expect(address?.family).toBe(6);
    expect(formatAddress(6, address?.value ?? 0n)).toBe('2001:db8::1:0:0:1');
  });

  it('IPv6 with embedded IPv4', () => {
    const address = parseIpAddress('::ffff:192.0.2.1');

    expect(formatAddress(6, address?.value ?? 0n)).toBe('::ffff:c000:201');
  });

  it('single zero group is not compressed', () => {
    expect(formatAddress(6, parseIpAddress('1:0:2:3:4:5:6:7')?.value ?? 0n)).toBe(
      '1:0:2:3:4:5:6:7',
    );
  });
});

describe('address sets', () => {
  it('except punches holes', () => {
    const set = IpSet.of([cidr('10.0.0.0/8')]).subtract(IpSet.of([cidr('10.10.0.0/16')]));

    expect(set.ranges.map(formatRange)).toEqual([
      '10.0.0.0-10.9.255.255',
      '10.11.0.0-10.255.255.255',
    ]);
    expect(set.containsRange(cidr('10.9.0.0/16'))).toBe(true);
    expect(set.containsRange(cidr('10.10.1.0/24'))).toBe(false);
    expect(set.containsRange(cidr('10.0.0.0/8'))).toBe(false);
  });

  it('union merges adjacent ranges', () => {
    const set = IpSet.of([cidr('10.0.0.0/9'), cidr('10.128.0.0/9')]);

    expect(set.ranges.map(formatRange)).toEqual(['10.0.0.0-10.255.255.255']);
  });

  it('families stay apart', () => {
    const set = IpSet.of([universe(4), universe(6)]);

    expect(set.containsAddress(6, 1n)).toBe(true);
    expect(set.subtract(IpSet.of([universe(4)])).ranges.map((range) => range.family)).toEqual([6]);
  });
});

describe('range partition', () => {
  it('splits at every block boundary', () => {
    const blocks = IpSet.of([cidr('0.0.0.0/0')]).subtract(
      IpSet.of([cidr('10.0.0.0/8'), cidr('172.21.0.0/16')]),
    ).ranges;
    const ranges = partitionRanges([universe(4)], blocks);

    expect(ranges.map(formatRange)).toEqual([
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.255.255.255',
      '11.0.0.0-172.20.255.255',
      '172.21.0.0-172.21.255.255',
      '172.22.0.0-255.255.255.255',
    ]);
  });

  it('without blocks keeps each space whole', () => {
    expect(partitionRanges([universe(4), universe(6)], []).map(formatRange)).toEqual([
      '0.0.0.0-255.255.255.255',
      '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
  });
});
