// The page's entry point: mount one lab on #root (src/app/mount.tsx does the composing).
import { mountLab } from './app/mount';
import { restoreUnsavedAddress } from './ui/urlSync';

const params = new URLSearchParams(location.search);
const embed = params.get('embed') === '1';
if (embed) document.documentElement.classList.add('embed');
// an edit written to the address only as the page was left comes back on a reload (an embed writes no address)
else restoreUnsavedAddress();
mountLab(document.getElementById('root')!, { embed, hash: location.hash, search: location.search });

// a different #s= pasted into the address bar (the app itself only uses replaceState, which fires no event)
window.addEventListener('hashchange', () => location.reload());
