// The rooms' agreements as one action list: wat — wie — wanneer, and which
// group made it. Like the report, nothing at all when no room made one
// (the partnership day's card has no agreements section).
import { t } from '../i18n';
import { agreementsOf } from './model';
import type { Summary } from './types';

export function AgreementList({ summary }: { summary: Summary }) {
  const list = agreementsOf(summary);
  const roundName = (id: string) => summary.rounds.find((r) => r.round_id === id)?.round_name ?? id;
  const many = summary.rounds.length > 1;
  if (list.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="actions-h">
      <h2 id="actions-h">{t('summary.actions')}</h2>
      <div class="table-wrap">
        <table class="action-list">
          <thead>
            <tr>
              <th scope="col">{t('summary.what')}</th>
              <th scope="col">{t('summary.who')}</th>
              <th scope="col">{t('summary.when')}</th>
              <th scope="col">{t('summary.group')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a, i) => (
              <tr key={i}>
                <td>{a.what}</td>
                <td>{a.who || '—'}</td>
                <td>{a.when || '—'}</td>
                <td>{many ? `${a.group_label} (${roundName(a.round_id)})` : a.group_label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
