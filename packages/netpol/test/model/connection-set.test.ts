import { describe, expect, it } from 'vitest';
import { ConnectionSet } from '../../src/model/connection-set.js';

describe('connection sets', () => {
  it('text lists protocols alphabetically', () => {
    const set = ConnectionSet.range('UDP', 53, 53)
      .union(ConnectionSet.range('TCP', 8080, 8090))
      .union(ConnectionSet.range('TCP', 80, 80))
      .union(ConnectionSet.range('SCTP', 9003, 9003));

    expect(set.toString()).toBe('SCTP 9003,TCP 80,8080-8090,UDP 53');
  });

  it('union merges adjacent ports', () => {
    const set = ConnectionSet.range('TCP', 80, 80).union(ConnectionSet.range('TCP', 81, 90));

    expect(set.toString()).toBe('TCP 80-90');
  });

  it('full port ranges are all connections', () => {
    const set = ConnectionSet.protocol('TCP')
      .union(ConnectionSet.protocol('UDP'))
      .union(ConnectionSet.protocol('SCTP'));

    expect(set.isAll).toBe(true);
    expect(set.toString()).toBe('All Connections');
  });

  it('intersection keeps common ports', () => {
    const all = ConnectionSet.ALL;
    const tcp = ConnectionSet.range('TCP', 1, 79).union(ConnectionSet.range('TCP', 81, 65535));

    expect(all.intersect(tcp).toString()).toBe('TCP 1-79,81-65535');
    expect(tcp.intersect(ConnectionSet.range('TCP', 70, 90)).toString()).toBe('TCP 70-79,81-90');
    expect(tcp.intersect(ConnectionSet.range('UDP', 1, 100)).isEmpty).toBe(true);
  });

  it('empty set text', () => {
    expect(ConnectionSet.NONE.toString()).toBe('No Connections');
  });

  it('contains checks protocol and port', () => {
    const set = ConnectionSet.range('TCP', 8080, 8090);

    expect(set.contains('TCP', 8085)).toBe(true);
    expect(set.contains('UDP', 8085)).toBe(false);
    expect(set.contains('TCP', 8091)).toBe(false);
  });

  it('equal sets share a key', () => {
    const a = ConnectionSet.range('TCP', 1, 10).union(ConnectionSet.range('TCP', 11, 20));
    const b = ConnectionSet.range('TCP', 1, 20);

    expect(a.equals(b)).toBe(true);
  });
});
