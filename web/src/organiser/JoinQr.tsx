// The join QR code and link, rendered in the browser (no third-party calls),
// with the hall's projector view (Projector) that fills the screen.
import { useState } from 'preact/hooks';
import { QrCode } from '../components/QrCode';
import { t } from '../i18n';
import type { OrganiserView } from '../generated/OrganiserView';
import { Projector } from './Projector';
import { organiserPath } from './secret';

/** The join link as a QR code, drawn in the browser. */
export function useJoinQr(link: string): preact.JSX.Element {
  return <QrCode link={link} label={t('qr.aria', { link })} />;
}

export function JoinQr({ link, session, secret }: { link: string; session: OrganiserView; secret: string }) {
  const code = session.join_code;
  const [projector, setProjector] = useState(false);
  const qr = useJoinQr(link);
  return (
    <section class="panel join-qr" aria-labelledby="qr-h">
      <h2 id="qr-h">{t('qr.title')}</h2>
      {qr}
      <p class="join-code">
        {t('qr.code')} <strong>{code}</strong>
      </p>
      <p>
        <a href={link}>{link}</a>
      </p>
      <div class="tool-row">
        <button type="button" class="btn" onClick={() => navigator.clipboard?.writeText(link)}>
          {t('qr.copy')}
        </button>
        <button type="button" class="btn-primary" onClick={() => setProjector(true)}>
          {t('qr.projector')}
        </button>
        {/* The hall's screen in a window of its own (drag it to the
            projector), so the console stays usable on the laptop. */}
        <a class="btn" href={organiserPath(session.id, secret, 'scherm')} target="_blank" rel="noopener">
          {t('qr.projectorWindow')}
        </a>
      </div>
      {projector && <Projector session={session} secret={secret} link={link} qr={qr} onClose={() => setProjector(false)} />}
    </section>
  );
}
