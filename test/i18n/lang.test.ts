import { describe, expect, it } from 'vitest';
import { initialLang, parseLang } from '../../src/i18n';

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
