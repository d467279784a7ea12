// The room's video call for people taking part from elsewhere: a clear
// button for a remote participant, folded away for those in the room (they
// may still need it, e.g. to share a screen). The link comes from the
// server (the organiser's pattern or pasted link for this room), so it
// follows the participant when the organiser moves them.
import { t } from '../i18n';

export function CallLink({ link, remote }: { link: string | null; remote: boolean }) {
  if (!link) {
    return remote ? (
      <p class="call-link call-link-none" role="status">
        {t('call.none')}
      </p>
    ) : null;
  }
  const anchor = (cls: string) => (
    <a class={cls} href={link} target="_blank" rel="noopener noreferrer" data-call-link>
      {t('call.join')}
    </a>
  );
  if (remote) {
    return (
      <div class="call-link">
        {anchor('btn-primary btn-as-link')}
        <p class="muted call-link-help">{t('call.help')}</p>
      </div>
    );
  }
  return (
    <details class="call-link call-link-folded">
      <summary>{t('call.folded')}</summary>
      {anchor('btn btn-as-link')}
    </details>
  );
}
