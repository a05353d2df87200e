// Build configuration the embed reads (vite `define`s VITE_* from the environment at build time).
interface ImportMetaEnv {
  /** comma-separated origins allowed to drive an embed by postMessage; default: the page's own origin */
  readonly VITE_CNI_LAB_PARENT_ORIGINS?: string;
}
