// Titled links (a card's sources, a theme's tools); a link the source
// announces but that is not online yet is shown as "komt binnenkort".
import { t } from '../i18n';
import type { Link } from '../generated/Link';

export function LinkList({ links }: { links: Link[] }) {
  return (
    <ul class="tools">
      {links.map((l, i) => (
        <li key={i}>
          {l.url ? (
            <a href={l.url} target="_blank" rel="noopener noreferrer">
              {l.title}
            </a>
          ) : (
            <span class="link-soon">
              {l.title} <span class="badge">{t('links.soon')}</span>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
