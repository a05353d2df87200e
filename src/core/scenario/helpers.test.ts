import { describe, expect, it } from 'vitest';
import { autodetectProblem } from './autodetect';
import { chooseDefaultPool } from './checks';
import { nearest } from './fields';
import { classify } from './kinds';
import { cidrProblem, ipProblem } from './net';
import { ifaceNameProblem, nameProblem } from './names';
import { concatPath, joinPath, parsePath } from './path';
import { routeLineProblems } from './routeLine';
import { ipToNum } from '../util/ipv4';

describe('paths', () => {
  it('join plain keys with dots, indexes and odd keys with brackets', () => {
    expect(joinPath(joinPath(joinPath('', 'spec'), 'nodes'), 1)).toBe('spec.nodes[1]');
    expect(joinPath('metadata.labels', 'kubernetes.io/metadata.name')).toBe('metadata.labels["kubernetes.io/metadata.name"]');
    expect(concatPath('items[2]', 'spec.cidr')).toBe('items[2].spec.cidr');
    expect(concatPath('[2]', '')).toBe('[2]');
  });

  it('split back into segments', () => {
    expect(parsePath('spec.nodes[1].interfaces[0].ip')).toEqual(['spec', 'nodes', 1, 'interfaces', 0, 'ip']);
    expect(parsePath('metadata.labels["a.b/c"]')).toEqual(['metadata', 'labels', 'a.b/c']);
    expect(parsePath('data["net-conf.json"].Backend.Type')).toEqual(['data', 'net-conf.json', 'Backend', 'Type']);
    expect(parsePath('')).toEqual([]);
    expect(parsePath('a[')).toBeUndefined();
  });
});

describe('addresses', () => {
  it('explain what is wrong with an address', () => {
    expect(ipProblem('10.0.0.1')).toBeUndefined();
    expect(ipProblem('10.244.300.1')).toBe('octet 300 is out of range 0-255');
    expect(ipProblem('10.0.1')).toBe('expected 4 octets separated by dots, found 3');
    expect(ipProblem('10.0.01.1')).toBe('octet 01 has a leading zero');
    expect(ipProblem('fe80::1')).toBe('IPv6 and ports are not modelled (IPv4 only)');
    expect(ipProblem('a.b.c.d')).toBe('octet "a" is not a number');
  });

  it('explain what is wrong with a CIDR', () => {
    expect(cidrProblem('10.0.0.0/8')).toBeUndefined();
    expect(cidrProblem('10.0.0.0')).toBe('the /prefix length is missing');
    expect(cidrProblem('10.0.0.0/33')).toBe('prefix length "33" is not 0-32');
    expect(cidrProblem('10.0.0.0/8/8')).toBe('more than one "/"');
  });
});

describe('names', () => {
  it('refuse only what nothing could use', () => {
    expect(nameProblem('<b>')).toBeUndefined();
    expect(nameProblem('')).toBe('the name is empty');
    expect(nameProblem('a\nb')).toContain('control character');
  });

  it('follow Linux rules for interface names', () => {
    expect(ifaceNameProblem('eth0')).toBeUndefined();
    expect(ifaceNameProblem('vxlan.calico')).toBeUndefined();
    expect(ifaceNameProblem('cali1234567890ab')).toContain('longer than 15 bytes');
    expect(ifaceNameProblem('a/b')).toContain('"/"');
    expect(ifaceNameProblem('..')).toContain('not a valid');
  });

  it('suggest the nearest known word', () => {
    expect(nearest('namespacesSelector', ['podSelector', 'namespaceSelector', 'ipBlock'])).toBe('namespaceSelector');
    expect(nearest('ipipmode', ['ipipMode', 'vxlanMode'])).toBe('ipipMode');
    expect(nearest('zzz', ['ipipMode'])).toBeUndefined();
  });
});

describe('IP autodetection methods', () => {
  it('accept the methods calico-node knows', () => {
    for (const m of ['', 'first-found', 'kubernetes-internal-ip', 'can-reach=8.8.8.8', 'interface=eth0', 'interface=en.*, eth.*', 'skip-interface=br-.*', 'cidr=10.0.0.0/8,192.168.0.0/16']) {
      expect(autodetectProblem(m), m).toBeUndefined();
    }
  });

  it('explain what is wrong', () => {
    expect(autodetectProblem('first_found')).toBe('"first_found" is not an IP autodetection method');
    expect(autodetectProblem('Interface=eth0')).toBe('"Interface=eth0" is not an IP autodetection method');
    expect(autodetectProblem('interface=(eth')).toContain('invalid Go regexp');
    expect(autodetectProblem('interface=(?!docker).*')).toContain('lookaround');
    expect(autodetectProblem('cidr=10.0.0.0/40')).toContain('is not a CIDR');
    expect(autodetectProblem('can-reach=')).toBe('can-reach= needs a destination address');
    expect(autodetectProblem('skip-interface=a,,b')).toContain('empty list item');
  });
});

describe('extraRoutes lines', () => {
  const ifaces = new Set(['ens33', 'docker0']);
  it('accept the distribution routes the seeds print', () => {
    expect(routeLineProblems('169.254.0.0/16 dev ens33 scope link metric 1000', ifaces)).toEqual([]);
    expect(routeLineProblems('default via 192.168.26.2 dev ens33 proto static metric 100', ifaces)).toEqual([]);
    expect(routeLineProblems('blackhole 10.0.0.0/8', ifaces)).toEqual([]);
  });
  it('report bad lines', () => {
    expect(routeLineProblems('10.0.0.1/8 dev ens33', ifaces).map((p) => p.code)).toEqual(['E119']);
    expect(routeLineProblems('10.0.0.0/8 dev eth7', ifaces).map((p) => p.code)).toEqual(['E210']);
    expect(routeLineProblems('10.0.0.0/8 via 10.0.0.300', ifaces).map((p) => p.detail)).toEqual(['via "10.0.0.300": octet 300 is out of range 0-255']);
    expect(routeLineProblems('10.0.0.0/8 dev ens33 weight 3', ifaces)[0].detail).toContain('unknown keyword "weight"');
    expect(routeLineProblems('10.0.0.0/8', ifaces)[0].detail).toContain('needs `dev IFACE` or `via ADDRESS`');
  });
});

describe('kinds', () => {
  it('classify modelled, foreign and wrong documents', () => {
    expect(classify('projectcalico.org/v3', 'IPPool', 'p')).toEqual({ kind: 'model', model: 'IPPool' });
    expect(classify('crd.projectcalico.org/v1', 'IPPool', 'p')).toEqual({ kind: 'model', model: 'IPPool' });
    expect(classify('projectcalico.org/v3', 'Node', 'n')).toEqual({ kind: 'model', model: 'CalicoNode' });
    expect(classify('v1', 'Node', 'n')).toEqual({ kind: 'model', model: 'Node' });
    expect(classify('v1', 'ConfigMap', 'kube-flannel-cfg')).toEqual({ kind: 'model', model: 'FlannelConfigMap' });
    expect(classify('v1', 'ConfigMap', 'other')).toEqual({ kind: 'foreign' });
    expect(classify('batch/v1', 'CronJob', 'c')).toEqual({ kind: 'foreign' });
    expect(classify('batch/v1beta1', 'CronJob', 'c')).toEqual({ kind: 'foreign' });
    expect(classify('v1', 'Job', 'j')).toEqual({ kind: 'wrongApiVersion', expected: ['batch/v1'] });
    expect(classify('cnilab/v1', 'Switch', 's')).toEqual({ kind: 'unknown', suggestion: undefined });
    expect(classify('apps/v1', 'deployment', 'd')).toEqual({ kind: 'unknown', suggestion: 'Deployment' });
  });
});

describe('default pool choice (poolselector.go)', () => {
  const addrs = (...ips: string[]) => ips.map(ipToNum);
  it('prefers 192.168.0.0/16, then the first free 172.N.0.0/16, then 192.168.0.0/16 again', () => {
    expect(chooseDefaultPool(addrs('10.0.0.5'), 'bird').cidr).toBe('192.168.0.0/16');
    expect(chooseDefaultPool(addrs('192.168.26.71', '172.16.9.9'), 'bird').cidr).toBe('172.17.0.0/16');
    const all = addrs('192.168.1.1', ...Array.from({ length: 16 }, (_, i) => `172.${16 + i}.0.1`));
    expect(chooseDefaultPool(all, 'bird').cidr).toBe('192.168.0.0/16');
  });
});
