// The Service path of the current walk, above the hop list: client → (load balancer) → kube-proxy's DNAT →
// Felix's policy where it runs relative to the DNAT → the masquerade, if any → the endpoint. Each stage is a
// button that moves the cursor to its hop. The stages come from core (servicePath); nothing is computed here.
// the module itself, not the walk's index: that would pull the whole walk into the first load
import { servicePath, type ServiceStage } from '../core/walk/servicePath';
import { useLab, useLabStore } from './LabContext';
import { useT } from '../i18n/react';

const nsName = (ns: string) => ns.replace(/^(node|pod|router)\//, '');

function detail(s: ServiceStage, t: ReturnType<typeof useT>): string {
  if (s.role === 'policy') return t(s.allowed ? 'svcpath.policy.allowed' : 'svcpath.policy.denied', { dir: t(`svcpath.dir.${s.direction ?? 'egress'}`) });
  if (s.from && s.to) return `${s.from} → ${s.to}`;
  return s.from ?? '';
}

export function ServicePath() {
  const store = useLabStore();
  const walk = useLab((s) => s.walk);
  const cursor = useLab((s) => s.cursor);
  const t = useT();
  const path = walk ? servicePath(walk) : undefined;
  if (!path) return null;
  return (
    <nav className="svc-path" aria-label={t('svcpath.title')}>
      <span className="svc-path-title">{t('svcpath.title')}</span>
      <ol>
        {path.map((s, i) => (
          <li key={i} className={`svc-stage role-${s.role}${s.allowed === false ? ' denied' : ''}${s.hop === cursor ? ' current' : ''}`}>
            <button type="button" onClick={() => store.getState().setCursor(s.hop)} aria-current={s.hop === cursor ? 'step' : undefined}>
              <b>{t(`svcpath.role.${s.role}`)}</b> <span className="svc-ns">{nsName(s.ns)}</span> <span className="svc-detail">{detail(s, t)}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
