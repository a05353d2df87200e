// The page's entry point: mount one lab on #root (src/app/mount.tsx does the composing).
import { mountLab } from './app/mount';

const params = new URLSearchParams(location.search);
const embed = params.get('embed') === '1';
if (embed) document.documentElement.classList.add('embed');
mountLab(document.getElementById('root')!, { embed, hash: location.hash, search: location.search });

// a different #s= pasted into the address bar (the app itself only uses replaceState, which fires no event)
window.addEventListener('hashchange', () => location.reload());
