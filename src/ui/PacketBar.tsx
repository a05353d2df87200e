// The embed's packet controls: From → To, Send, the playback and the verdict in one wrapping row. The app's
// Send form (protocol, payload, any IP, tips, key hints) took about 180 px of an 800×500 frame and left the
// picture 295 px tall; a docs reader watches one packet, and "Open in CNI Lab" opens the whole form.
import { useLab, useLabStore } from './LabContext';
import { EndpointSelect, Narration, Transport } from './PacketPanel';
import { VerdictLine } from './VerdictLine';
import { useT } from '../i18n/react';

export function PacketBar() {
  const store = useLabStore();
  const packet = useLab((s) => s.packet);
  const t = useT();
  return (
    <section className="packet-bar" aria-label={t('packet.title')}>
      <span className="pb-pair">
        <EndpointSelect label={t('packet.source')} field="from" />
        <span aria-hidden="true">→</span>
        <EndpointSelect label={t('packet.destination')} field="to" />
        <button type="button" className="primary" onClick={() => void store.getState().send()} disabled={!packet.from || !packet.to}>
          {t('packet.send')}
        </button>
      </span>
      <Transport speed={false} />
      <VerdictLine pair={false} />
      <Narration />
    </section>
  );
}
