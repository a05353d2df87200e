// Start times and the cluster AS, worked out by hand.
import { describe, expect, it } from 'vitest';
import { globalAs, relativeSeconds, secondsOf } from './speakers';
import { emptyScenario } from '../../../test/support/bgp-labs';

describe('speakers: clock and AS', () => {
  it('secondsOf reads HH:MM:SS', () => {
    expect(secondsOf('01:02:03')).toBe(3723);
  });

  it('relativeSeconds: from midnight by default, and within ±12 h of the clock start', () => {
    expect(relativeSeconds(undefined, '05:00:00')).toBe(0);
    expect(relativeSeconds('01:00:00', undefined)).toBe(3600);
    // 23:00 against a 01:00 start: two hours before, not 22 after
    expect(relativeSeconds('23:00:00', '01:00:00')).toBe(-7200);
    expect(relativeSeconds('01:00:00', '23:00:00')).toBe(7200);
  });

  it('globalAs: the default BGPConfiguration\'s asNumber, else 64512', () => {
    const s = emptyScenario();
    expect(globalAs(s)).toBe(64512);
    s.bgpConfigurations.push({ name: 'node.node-01', asNumber: 65001 });
    expect(globalAs(s)).toBe(64512);
    s.bgpConfigurations.push({ name: 'default', asNumber: 65002 });
    expect(globalAs(s)).toBe(65002);
  });
});
