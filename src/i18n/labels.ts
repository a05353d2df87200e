// The history labels of edits ("remove node node-3", "lab step 2", "undo …") in the app's language. The
// session writes them once, in English, as the undo list's names; the few that are prose are matched
// here and said in Chinese. Labels that are configuration ("ipipMode: Never", "blockSize: 26",
// "IP_AUTODETECTION_METHOD=…") read the same in both languages and pass through.

import type { Lang } from './index';

const ZH_LABELS: [RegExp, (m: RegExpMatchArray, again: (s: string) => string) => string][] = [
  [/^lab step (\d+)$/, (m) => `实验第 ${m[1]} 步`],
  [/^add node$/, () => '添加节点'],
  [/^remove node (.+)$/, (m) => `删除节点 ${m[1]}`],
  [/^add pod on (.+)$/, (m) => `在 ${m[1]} 上添加 Pod`],
  [/^delete pod (.+)$/, (m) => `删除 Pod ${m[1]}`],
  [/^flannel backend: (.+)$/, (m) => `Flannel 后端：${m[1]}`],
  [/^no encapsulation$/, () => '不封装'],
  [/^reset lab$/, () => '重置实验环境'],
  [/^load$/, () => '加载'],
  [/^undo (.+)$/, (m, again) => `撤销“${again(m[1])}”`],
  [/^redo (.+)$/, (m, again) => `重做“${again(m[1])}”`],
];

/** An edit's history label in `lang`. */
export function editLabel(lang: Lang, label: string): string {
  if (lang !== 'zh-CN') return label;
  for (const [re, say] of ZH_LABELS) {
    const m = label.match(re);
    if (m) return say(m, (s) => editLabel(lang, s));
  }
  return label;
}
