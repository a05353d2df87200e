// One line for the packet's fate: "a1 → b1 ✔ request delivered · ✔ reply delivered".
import { useLab } from './LabContext';
import { useT } from '../i18n/react';

/** The walk's outcome in one line (role status), where there is no packet panel: the lab embed, presenter mode,
 *  the embed's packet bar (`pair={false}`: its From and To are beside it). */
export function VerdictLine({ pair = true }: { pair?: boolean }) {
  const t = useT();
  const walk = useLab((s) => s.walk);
  const walkError = useLab((s) => s.walkError);
  const packet = useLab((s) => s.packet);
  const short = (e: string) => e.replace(/^[^/]*\//, '');
  if (walkError) return <p className="verdict dropped" role="status">{walkError}</p>;
  if (!walk) return <p className="verdict" role="status" />;
  const v = walk.reply ?? walk;
  return (
    <p className={`verdict ${v.verdict.kind}`} role="status">
      {pair && (
        <>
          <span className="embed-pair">
            {short(packet.from)} → {short(packet.to)}
          </span>{' '}
        </>
      )}
      {walk.verdict.kind === 'delivered' ? t('packet.reqDelivered') : t('packet.reqDropped', { at: String(walk.verdict.at), reason: String(walk.verdict.reason) })}
      {walk.reply ? ' · ' + (walk.reply.verdict.kind === 'delivered' ? t('packet.replyDelivered') : t('packet.replyDropped', { reason: String(walk.reply.verdict.reason) })) : ''}
    </p>
  );
}

