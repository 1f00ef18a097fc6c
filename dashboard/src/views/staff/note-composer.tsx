// The note of an action or a note on its own, with an explicit choice of who reads it: nothing is
// chosen at first, so an internal note never reaches the citizens by a careless click. A public reply
// says who will get it and can start from a canned reply (risposta predefinita), edited before sending.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { TicketStatus } from '../../api/citizen.operations';
import { CANNED_REPLIES_QUERY, type CannedReply } from '../../api/staff.operations';

export type NoteKind = 'internal' | 'public';

interface Props {
  note: string;
  onNote: (text: string) => void;
  kind: NoteKind | null;
  onKind: (kind: NoteKind) => void;
  /** Who a public reply reaches (StaffTicket.replyRecipients: the mailer's own count). */
  recipients: { reporter: boolean; supporters: number };
  categoryId: string;
  status: TicketStatus;
}

export function NoteComposer(p: Props) {
  const { t, i18n } = useTranslation();
  const [canned] = useQuery<{ cannedReplies: CannedReply[] }>({
    query: CANNED_REPLIES_QUERY,
    variables: { categoryId: p.categoryId, phase: p.status },
    pause: p.kind !== 'public',
  });
  const [chosen, setChosen] = useState('');
  const replies = canned.data?.cannedReplies ?? [];
  const insert = () => {
    const reply = replies.find((r) => r.id === chosen);
    if (!reply) return;
    const text = i18n.language === 'en' ? reply.textEn : reply.textIt;
    p.onNote(p.note.trim() ? `${p.note.trimEnd()}\n\n${text}` : text);
  };
  const { reporter, supporters } = p.recipients;
  const who =
    reporter && supporters === 0
      ? t('ticketPage.recipientsReporterOnly')
      : t(reporter ? 'ticketPage.recipientsReporter' : 'ticketPage.recipientsSupporters', {
          count: supporters,
        });
  const nobody = !reporter && supporters === 0;
  return (
    <fieldset className="composer">
      <legend>{t('ticketPage.composer')}</legend>
      <div className="field">
        <label htmlFor="action-note">{t('staff.note')}</label>
        <textarea
          id="action-note"
          rows={4}
          value={p.note}
          aria-describedby="note-kind-hint"
          onChange={(e) => p.onNote(e.target.value)}
        />
      </div>
      <div role="radiogroup" aria-labelledby="note-kind-label" className="radios">
        <span id="note-kind-label" className="label">
          {t('ticketPage.noteKind')}
        </span>
        {(['internal', 'public'] as const).map((k) => (
          <label key={k} className="radio">
            <input
              type="radio"
              name="note-kind"
              value={k}
              checked={p.kind === k}
              onChange={() => p.onKind(k)}
            />{' '}
            {t(k === 'internal' ? 'ticketPage.internalNote' : 'ticketPage.publicReply')}
          </label>
        ))}
      </div>
      <p id="note-kind-hint" className={p.kind ? 'muted' : 'hint'} data-testid="note-kind-hint">
        {p.kind === null
          ? t('ticketPage.chooseKind')
          : p.kind === 'public'
            ? nobody
              ? t('ticketPage.recipientsNobody')
              : t('ticketPage.recipients', { who })
            : t('ticketPage.internalNote')}
      </p>
      {p.kind === 'public' && replies.length > 0 ? (
        <div className="filters">
          <div className="field">
            <label htmlFor="canned-reply">{t('ticketPage.canned')}</label>
            <select id="canned-reply" value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="">{t('ticketPage.cannedNone')}</option>
              {replies.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="secondary" disabled={!chosen} onClick={insert}>
            {t('ticketPage.cannedInsert')}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
