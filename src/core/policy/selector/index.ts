// Calico selector language: parse once, evaluate many times.
export { ALL, and, matches, prefixLabels, selectorToString, type Labels, type Selector } from './ast';
export { parseSelector, tryParseSelector } from './parser';
export { SelectorSyntaxError, tokenize, type Token, type TokenKind } from './tokenizer';
