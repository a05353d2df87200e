import { describe, expect, it } from 'vitest';
import { detectLang, installUiZh, pick, translate } from '../../src/i18n';
import { EN } from '../../src/i18n/messages';
import { ZH } from '../../src/i18n/messages-zh';

installUiZh(ZH); // as the app does once the language's chunk has arrived

const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('defaults from navigator.language: zh* → zh-CN, else en', () => {
    expect(detectLang('zh-CN')).toBe('zh-CN');
    expect(detectLang('zh-TW')).toBe('zh-CN');
    expect(detectLang('zh')).toBe('zh-CN');
    expect(detectLang('en-US')).toBe('en');
    expect(detectLang('fr')).toBe('en');
    expect(detectLang(undefined)).toBe('en');
  });
  it('every English key has a Chinese text with the same placeholders', () => {
    for (const k of Object.keys(EN) as (keyof typeof EN)[]) {
      expect(ZH[k], k).toBeTruthy();
      expect(holes(ZH[k]), k).toEqual(holes(EN[k]));
    }
  });
  it('fills placeholders and keeps unknown ones', () => {
    expect(translate('en', 'labs.stepOf', { n: 2, total: 5 })).toBe('Step 2 of 5');
    expect(translate('zh-CN', 'labs.stepOf', { n: 2, total: 5 })).toBe('第 2 步，共 5 步');
    expect(translate('en', 'labs.stepOf', { n: 2 })).toBe('Step 2 of {total}');
  });
  it('a Chinese parameter in a Chinese sentence gets no spaces around it; a Latin one keeps them', () => {
    expect(translate('zh-CN', 'routes.provenanceBy', { by: translate('zh-CN', 'programmer.kernel') })).toBe('由内核写入');
    expect(translate('zh-CN', 'routes.provenanceBy', { by: translate('zh-CN', 'programmer.CNI plugin') })).toBe('由 CNI 插件写入');
    expect(translate('zh-CN', 'routes.provenanceIn', { by: translate('zh-CN', 'programmer.BIRD'), pod: 'calico-node' })).toBe('由 calico-node 中的 BIRD 写入');
    expect(translate('en', 'routes.provenanceBy', { by: translate('en', 'programmer.host network configuration') })).toBe('Programmed by host network configuration');
  });
  it('lab texts fall back to English', () => {
    expect(pick({ en: 'a', zh: '甲' }, 'zh-CN')).toBe('甲');
    expect(pick({ en: 'a' }, 'zh-CN')).toBe('a');
    expect(pick({ en: 'a', zh: '甲' }, 'en')).toBe('a');
  });
});
