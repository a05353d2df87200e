// The core's messages in Chinese: every id the walk can emit has a zh-CN template with the same holes,
// walks over every preset carry ids on their hops (so nothing falls back to English in the app), and
// no Chinese text has a stray space.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holesOf } from '../../src/core/msg';
import { WALK_EN } from '../../src/core/walk/messages';
import { CHECK_EN } from '../../src/core/labs/messages';
import { loadLabFile, replayLab } from '../../src/core/labs';
import { presetSource } from '../../src/cli/lab';
import { listPresets, readScenario } from '../../src/cli/io';
import { loadLab } from '../../src/core/session/load';
import { runWalk } from '../../src/core/tools';
import type { Hop } from '../../src/core/model/packet';
import { hopText, hopWhy, installCoreEn, installCoreZh, renderMsg } from '../../src/i18n/core';
import { CORE_EN } from '../../src/i18n/core-en';
import { CORE_ZH } from '../../src/i18n/core-zh';

installCoreEn(CORE_EN);
installCoreZh(CORE_ZH);
import { ZH } from '../../src/i18n/messages-zh';

import { idsUsed, strayIn } from './zhText';

describe('core messages in zh-CN', () => {
  it('the stray-space rule catches what it should', () => {
    expect(strayIn('第 2 跳 请求')).toBe('跳 请');
    expect(strayIn('下一步 执行')).toBe('步 执');
    expect(strayIn('源地址 ：x')).toBe('址 ：');
    expect(strayIn('第 2 跳（请求，路由），位于 node-1')).toBeUndefined();
    expect(strayIn('导出 SVG')).toBeUndefined();
  });

  it('every English template has a Chinese one with the same holes', () => {
    for (const [id, en] of Object.entries(CORE_EN)) {
      expect(CORE_ZH[id], id).toBeTruthy();
      expect(holesOf(CORE_ZH[id]), id).toEqual(holesOf(en));
    }
    expect(Object.keys(CORE_ZH).sort()).toEqual(Object.keys(CORE_EN).sort());
  });

  it('every id the walk code emits is in the catalogue, and every catalogue id is emitted somewhere', () => {
    const used = idsUsed('walk', 'walk');
    expect(used.length).toBeGreaterThan(100);
    for (const id of used) expect(WALK_EN, id).toHaveProperty([id]);
    for (const id of Object.keys(WALK_EN)) expect(used, id).toContain(id);
    const checks = idsUsed('labs', 'check');
    for (const id of checks) expect(CHECK_EN, id).toHaveProperty([id]);
    // drop reasons are picked by the verdict's reason (`check.reason.${reason}`, typed against DropReason)
    for (const id of Object.keys(CHECK_EN)) if (!id.startsWith('check.reason.')) expect(checks, id).toContain(id);
  });

  it('no Chinese template of the app or the core has a stray space', () => {
    for (const [k, s] of [...Object.entries(ZH), ...Object.entries(CORE_ZH)]) expect(strayIn(s), `${k}: ${s}`).toBeUndefined();
  });

  it('walks over every preset: each hop of the walk itself carries ids, and reads without English or stray spaces in zh-CN', () => {
    const seen = new Set<string>();
    let hops = 0;
    const check = (h: Hop) => {
      hops++;
      const hook = h.kind === 'policy' || (h.kind === 'nat' && !h.msg?.text);
      if (!hook) {
        expect(h.msg?.text, h.text).toBeDefined();
        expect(h.msg?.why, h.why).toBeDefined();
      }
      for (const m of [h.msg?.text, h.msg?.why]) if (m) seen.add(m.id);
      if (h.msg?.text) expect(renderMsg('en', h.msg.text)).toBe(h.text);
      if (h.msg?.why) expect(renderMsg('en', h.msg.why)).toBe(h.why);
      for (const s of [hopText('zh-CN', h), hopWhy('zh-CN', h)]) expect(strayIn(s), s).toBeUndefined();
    };
    for (const p of listPresets()) {
      const { text, name } = readScenario(undefined, p.name);
      const l = loadLab(text, name);
      if (!l.state) continue;
      const pods = l.state.scenario.pods.map((x) => `${x.namespace}/${x.name}`);
      // the first pod to every other, to the outside and to nowhere; oversized with and without DF
      const a = pods[0];
      for (const b of [...pods.slice(1, 4), '8.8.8.8', '10.99.99.99'])
        for (const [size, pmtudisc] of [[56, 'want'], [1600, 'do'], [1600, 'want']] as const) {
          const r = runWalk(l.state, { from: a, to: b, size, pmtudisc, protocol: 'icmp', reply: size === 56 });
          for (let w: typeof r | undefined = r; w; w = w.reply) w.hops.forEach(check);
        }
    }
    expect(hops).toBeGreaterThan(1000);
    expect(seen.size).toBeGreaterThan(20);
  });

  it('lab checks carry their detail as a message: the same English, and Chinese without stray spaces', () => {
    let withMsg = 0;
    for (const f of ['crosssubnet.yaml', 'gym-mtu-blackhole.yaml', 'mesh-to-rr.yaml', 'policy.yaml']) {
      const file = join(__dirname, '../../labs', f);
      const l = loadLabFile(readFileSync(file, 'utf8'), `labs/${f}`);
      const r = replayLab(l.lab!, presetSource);
      for (const s of r.steps)
        for (const c of s.checks) {
          if (!c.msg) continue;
          withMsg++;
          expect(renderMsg('en', c.msg)).toBe(c.detail);
          const zh = renderMsg('zh-CN', c.msg);
          expect(strayIn(zh), zh).toBeUndefined();
          expect(zh).not.toMatch(/\b(expected|delivered at|dropped at|path|got)\b/);
        }
    }
    expect(withMsg).toBeGreaterThan(40);
  });
});
