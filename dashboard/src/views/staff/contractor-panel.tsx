// On the staff ticket page, among the actions: the external contractor the ticket is forwarded to
// (forward with instructions, name shown to citizens or not; revoke the link), each only when the
// server lists it in the ticket's availableActions (its role and phase table). The confirmation is the
// ticket page's own (onChanged), so it stays on screen when the page reloads the ticket.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import {
  CONTRACTORS_QUERY,
  FORWARD_TO_CONTRACTOR_MUTATION,
  REVOKE_CONTRACTOR_LINK_MUTATION,
  TICKET_CONTRACTOR_QUERY,
  type Contractor,
  type TicketContractor,
} from '../../api/contractor.operations';
import { formErrors } from '../../api/errors';
import { formatDate } from '../common/status-badge';

interface Props {
  ticketId: string;
  categoryId: string;
  /** availableActions holds forwardToContractor: the viewer may forward this ticket now. */
  canForward: boolean;
  /** availableActions holds revokeContractorLink. */
  canRevoke: boolean;
  /** After a change: the i18n key of its confirmation. */
  onChanged: (confirmation: string) => void;
}

type Loaded = {
  staffTicket: {
    version: number;
    contractor: TicketContractor | null;
  } | null;
};

export function ContractorPanel({ ticketId, categoryId, canForward, canRevoke, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const [{ data }, refetch] = useQuery<Loaded>({
    query: TICKET_CONTRACTOR_QUERY,
    variables: { id: ticketId },
    requestPolicy: 'network-only',
  });
  const [list] = useQuery<{ contractors: Contractor[] }>({
    query: CONTRACTORS_QUERY,
    pause: !canForward,
  });
  const [forwarded, forward] = useMutation(FORWARD_TO_CONTRACTOR_MUTATION);
  const [, revoke] = useMutation(REVOKE_CONTRACTOR_LINK_MUTATION);
  const [contractorId, setContractorId] = useState('');
  const [instructions, setInstructions] = useState('');
  const [showName, setShowName] = useState(false);
  const ticket = data?.staffTicket;
  if (!ticket) return null;
  const current = ticket.contractor;
  // Contractors of this category first: they usually handle it.
  const contractors = [...(list.data?.contractors ?? [])].sort(
    (a, b) =>
      Number(b.categoryIds.includes(categoryId)) - Number(a.categoryIds.includes(categoryId)),
  );
  const changed = (confirmation: string) => {
    refetch({ requestPolicy: 'network-only' });
    onChanged(confirmation);
  };
  const onForward = async (e: FormEvent) => {
    e.preventDefault();
    if (!contractorId) return;
    const r = await forward({
      id: ticketId,
      version: ticket.version,
      contractorId,
      instructions: instructions.trim() || null,
      showNameToCitizen: showName,
    });
    if (!r.error) {
      setInstructions('');
      changed('contractor.forwarded');
    }
  };
  const errors = formErrors(forwarded.error, {});

  return (
    <section className="contractor-panel" aria-labelledby="contractor-title">
      <h2 id="contractor-title">{t('contractor.title')}</h2>
      {current ? (
        <p data-testid="ticket-contractor">
          {t('contractor.forwardedTo', {
            name: current.name,
            date: formatDate(current.forwardedAt, i18n.language, true),
          })}{' '}
          {current.doneAt
            ? t('contractor.doneAt', { date: formatDate(current.doneAt, i18n.language, true) })
            : current.linkActive
              ? t('contractor.linkUntil', {
                  date: formatDate(current.linkExpiresAt, i18n.language),
                })
              : t('contractor.linkExpired')}
          {current.linkActive && canRevoke ? (
            <>
              {' '}
              <button
                type="button"
                className="secondary"
                onClick={() =>
                  void revoke({ id: ticketId }).then(
                    (r) => !r.error && changed('contractor.revoked'),
                  )
                }
              >
                {t('contractor.revoke')}
              </button>
            </>
          ) : null}
        </p>
      ) : (
        <p className="muted">{t('contractor.none')}</p>
      )}
      {canForward ? (
        <form onSubmit={(e) => void onForward(e)}>
          <div className="field">
            <label htmlFor="f-contractor">{t('contractor.choose')}</label>
            <select
              id="f-contractor"
              value={contractorId}
              onChange={(e) => setContractorId(e.target.value)}
            >
              <option value="">–</option>
              {contractors.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-instructions">{t('contractor.instructions')}</label>
            <textarea
              id="f-instructions"
              rows={3}
              maxLength={4000}
              value={instructions}
              onChange={(e) => setInstructions(e.target.value)}
            />
          </div>
          <div className="checkbox">
            <input
              id="f-show-name"
              type="checkbox"
              checked={showName}
              onChange={(e) => setShowName(e.target.checked)}
            />
            <label htmlFor="f-show-name">{t('contractor.showName')}</label>
          </div>
          <button type="submit" className="primary" disabled={!contractorId || forwarded.fetching}>
            {current?.linkActive ? t('contractor.forwardAgain') : t('contractor.forward')}
          </button>
          {[...Object.values(errors.fields), ...errors.general].map((m) => (
            <p key={m} role="alert" className="error-text">
              {m}
            </p>
          ))}
        </form>
      ) : null}
    </section>
  );
}
