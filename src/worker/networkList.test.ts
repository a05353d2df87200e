import { describe, expect, it } from 'vitest';
import { BigLab } from './big';
import { networkList, NO_NETWORK } from './networkList';
import type { TopoModel, ViewGroup, ViewNode } from '../view/model';
import { generateCluster } from '../../bench/generate';
import { scenarioToYaml } from '../core/scenario/toYaml';
import { bigLabYaml } from '../../test/support/bigLab';

const viewOf = (yaml: string) => {
  const o = new BigLab().open({ yaml, file: 'big.yaml', steps: [] });
  if (!o.ok) throw new Error(o.message);
  return o.view;
};

describe('the big-lab page’s list of nodes by network, summed from the picture’s model', () => {
  it('sums a segment cut into several node groups (3 racks of 30 nodes: 2 groups of 15 each)', () => {
    const v = viewOf(scenarioToYaml(generateCluster({ nodes: 90, podsPerNode: 2, racks: 3 })));
    expect(v.model.groups?.map((g) => g.members.length)).toEqual([15, 15, 15, 15, 15, 15]);
    // by hand: node k·30+1 … (k+1)·30 on rack-(k+1), 2 pods each in one /26 block per node
    expect(v.groups).toEqual([
      { network: 'rack-1', cidr: '10.1.0.0/16', nodes: 30, first: 'node-1', last: 'node-30', pods: 60, blocks: 30 },
      { network: 'rack-2', cidr: '10.2.0.0/16', nodes: 30, first: 'node-31', last: 'node-60', pods: 60, blocks: 30 },
      { network: 'rack-3', cidr: '10.3.0.0/16', nodes: 30, first: 'node-61', last: 'node-90', pods: 60, blocks: 30 },
    ]);
  });

  it('a lab big by its pods alone (10 nodes × 45 pods) has node cards, not groups: the list is summed from the cards', () => {
    const v = viewOf(bigLabYaml(10, 45));
    expect(v.model.groups).toBeUndefined();
    expect(v.model.nodes).toHaveLength(10);
    // 45 pods and the tunnel address fit one /26 block (64 addresses) per node
    expect(v.groups).toEqual([{ network: 'lan', cidr: '10.0.0.0/16', nodes: 10, first: 'node-1', last: 'node-10', pods: 450, blocks: 10 }]);
  });

  it('lists networks in node-list order, joins a segment’s groups, and names nodes without a segment', () => {
    const group = (network: string, members: string[], pods: number, blocks: number) => ({ id: `group:${network}:x`, network, members, pods, blocks }) as ViewGroup;
    const model = {
      networks: [
        { name: 'b', cidr: '10.2.0.0/16', mtu: 1500 },
        { name: 'a', cidr: '10.1.0.0/16', mtu: 1500 },
      ],
      nodes: [],
      // the picture's order: segments as declared (b before a), then nodes on none
      groups: [group('b', ['n2', 'n4'], 3, 2), group('a', ['n1', 'n3'], 5, 2), group('a', ['n5'], 1, 1), group('', ['n6'], 0, 0)],
    } as unknown as TopoModel;
    expect(networkList(model, ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'])).toEqual([
      { network: 'a', cidr: '10.1.0.0/16', nodes: 3, first: 'n1', last: 'n5', pods: 6, blocks: 3 },
      { network: 'b', cidr: '10.2.0.0/16', nodes: 2, first: 'n2', last: 'n4', pods: 3, blocks: 2 },
      { network: NO_NETWORK, cidr: '', nodes: 1, first: 'n6', last: 'n6', pods: 0, blocks: 0 },
    ]);
    const card = (name: string, network: string | undefined, pods: number, hidden: number, blocks: number) =>
      ({ name, nics: network ? [{ name: 'eth0', network, mtu: 1500 }] : [], pods: Array(pods).fill({}), hiddenPods: Array(hidden).fill({}), blocks: Array(blocks).fill('x') }) as unknown as ViewNode;
    const cards = { networks: model.networks, nodes: [card('n1', 'a', 2, 40, 1), card('n2', undefined, 0, 0, 0), card('n3', 'a', 6, 0, 2)] } as unknown as TopoModel;
    expect(networkList(cards, ['n1', 'n2', 'n3'])).toEqual([
      { network: 'a', cidr: '10.1.0.0/16', nodes: 2, first: 'n1', last: 'n3', pods: 48, blocks: 3 },
      { network: NO_NETWORK, cidr: '', nodes: 1, first: 'n2', last: 'n2', pods: 0, blocks: 0 },
    ]);
  });
});
