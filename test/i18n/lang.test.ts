import { describe, expect, it } from 'vitest';
import { initialLang, parseLang } from '../../src/i18n';
import { editLabel } from '../../src/i18n/labels';

describe('the language a page starts in', () => {
  it('reads zh / zh-CN / zh_cn / en from a URL or storage, nothing else', () => {
    expect(parseLang('zh')).toBe('zh-CN');
    expect(parseLang('zh-CN')).toBe('zh-CN');
    expect(parseLang('zh_cn')).toBe('zh-CN');
    expect(parseLang('en-GB')).toBe('en');
    expect(parseLang('fr')).toBeUndefined();
    expect(parseLang('')).toBeUndefined();
  });
  it('?lang= wins over the stored choice, which wins over navigator.language', () => {
    expect(initialLang({ search: '?lang=zh', stored: 'en', navLang: 'en-US' })).toBe('zh-CN');
    expect(initialLang({ search: '?lab=policy&lang=en', stored: 'zh-CN', navLang: 'zh-CN' })).toBe('en');
    expect(initialLang({ search: '', stored: 'zh-CN', navLang: 'en-US' })).toBe('zh-CN');
    expect(initialLang({ search: '?lang=xx', stored: 'garbage', navLang: 'zh-TW' })).toBe('zh-CN');
    expect(initialLang({ search: '', stored: null, navLang: 'de' })).toBe('en');
  });
});

describe('history labels in Chinese', () => {
  it('says the prose labels in Chinese, nested undo too, and leaves configuration as it is', () => {
    expect(editLabel('zh-CN', 'lab step 3')).toBe('实验第 3 步');
    expect(editLabel('zh-CN', 'undo remove node node-3')).toBe('撤销“删除节点 node-3”');
    expect(editLabel('zh-CN', 'add pod on node-1')).toBe('在 node-1 上添加 Pod');
    expect(editLabel('zh-CN', 'ipipMode: Never')).toBe('ipipMode: Never');
    expect(editLabel('en', 'lab step 3')).toBe('lab step 3');
  });
});
