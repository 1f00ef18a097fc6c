// Staff ticket page: details, the citizen's photos, the actions this viewer may take now, the full
// history (merge targets linked). Every action ends here, on the updated ticket, with a confirmation;
// a ticket handed to another office ends on a confirmation with the way back to the inbox.
import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { NEARBY_QUERY, type NearbyTicket } from '../../api/citizen.operations';
import { errorCode } from '../../api/errors';
import {
  SET_ATTACHMENT_PUBLIC_MUTATION,
  STAFF_TICKET_QUERY,
  type Me,
  type StaffAttachment,
  type StaffTicket,
} from '../../api/staff.operations';
import { ticketMarkersLayer } from '../../layers/tickets.layer';
import { BaseMap } from '../../map/base-map';
import { categoryName } from '../common/use-categories';
import { formatDate, StatusBadge } from '../common/status-badge';
import { errorMessage, messageText } from './action-result';
import { TicketActions, type ActionOutcome } from './ticket-actions';
import { TicketModeration } from './ticket-moderation';
import { TicketPhotos } from './ticket-photos';
import { TicketTimeline } from './ticket-timeline';
import { ContractorPanel } from './contractor-panel';
import { ReopenPanel } from './reopen-panel';

export function StaffTicketView({ me }: { me: Me }) {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  /** A success waiting for the refetched ticket (`before` is the data it replaces). */
  const [awaiting, setAwaiting] = useState<{ outcome: ActionOutcome; before: unknown } | null>(
    null,
  );
  const [{ data, fetching, error }, refetch] = useQuery<{ staffTicket: StaffTicket | null }>({
    query: STAFF_TICKET_QUERY,
    variables: { id },
    requestPolicy: 'network-only',
  });
  const [, setAttachmentPublic] = useMutation(SET_ATTACHMENT_PUBLIC_MUTATION);
  const ticket = data?.staffTicket;
  const location = ticket ? { lat: ticket.lat, lon: ticket.lon } : { lat: 0, lon: 0 };
  const [nearby] = useQuery<{ nearbyTickets: NearbyTicket[] }>({
    query: NEARBY_QUERY,
    variables: { location, categoryId: ticket?.category.id, radiusM: 200 },
    pause: !ticket || !ticket.availableActions.includes('markDuplicate'),
  });
  useEffect(() => {
    if (!awaiting || fetching) return;
    if (data === awaiting.before && !error) return;
    setOutcome(awaiting.outcome);
    setAwaiting(null);
  }, [awaiting, data, error, fetching]);
  const status = (
    <p role="status" className={outcome?.message.kind === 'error' ? 'error-text' : 'success-text'}>
      {outcome ? messageText(outcome.message, t, i18n.language) : null}
    </p>
  );
  if (fetching && !data) return <p role="status">{t('app.loading')}</p>;
  if (error && !ticket) {
    const forbidden = errorCode(error) === 'FORBIDDEN';
    if (forbidden && outcome?.handedOffTo)
      return (
        <section aria-labelledby="handed-off">
          <h1 id="handed-off">
            {t('ticketPage.done.reassignTicket', { office: outcome.handedOffTo })}
          </h1>
          <p role="status" className="success-text">
            {t('ticketPage.handedOff', { code: outcome.code ?? id, office: outcome.handedOffTo })}
          </p>
          <p>
            <Link to="/ufficio">{t('ticketPage.backToInbox')}</Link>
          </p>
        </section>
      );
    return (
      <>
        <p role="alert">
          {forbidden
            ? t('ticketPage.forbiddenTicket')
            : messageText(errorMessage(error), t, i18n.language)}
        </p>
        <p>
          <Link to="/ufficio">{t('ticketPage.backToInbox')}</Link>
        </p>
      </>
    );
  }
  if (!ticket) return <h1>{t('app.notFound')}</h1>;
  const onResult = (o: ActionOutcome) => {
    if (o.message.kind === 'error') {
      setOutcome(o);
      return;
    }
    // A success is confirmed on the ticket as it is now: the message waits for the fresh ticket, so
    // the page never says "done" beside the old values.
    setOutcome(null);
    setAwaiting({ outcome: o, before: data });
    refetch({ requestPolicy: 'network-only' });
  };
  const setPhoto = (p: StaffAttachment, isPublic: boolean) =>
    void setAttachmentPublic({ id: p.id, public: isPublic }).then((r) =>
      onResult({
        message: r.error
          ? errorMessage(r.error)
          : { kind: 'success', key: 'ticketPage.done.setAttachmentPublic' },
      }),
    );
  const candidates = (nearby.data?.nearbyTickets ?? []).filter((n) => n.code !== ticket.code);
  const markers = [
    {
      code: ticket.code,
      status: ticket.status,
      position: [ticket.lon, ticket.lat] as [number, number],
    },
    ...candidates.map((c) => ({
      code: c.code,
      status: c.status,
      position: [c.location.lon, c.location.lat] as [number, number],
    })),
  ];
  const assignee = ticket.assignee;

  return (
    <article aria-labelledby="staff-ticket-title">
      <p>
        <Link to="/ufficio">{t('staff.back')}</Link>
      </p>
      <h1 id="staff-ticket-title">
        {t('staff.ticket', { code: ticket.code })} – {ticket.title}
      </h1>
      <p>
        <StatusBadge status={ticket.status} />{' '}
        {ticket.overdue ? <span className="badge badge-overdue">{t('staff.overdue')}</span> : null}
      </p>
      {status}
      <div className="two-col">
        <div>
          <dl className="details">
            <dt>{t('tracking.category')}</dt>
            <dd>{categoryName(ticket.category, i18n.language)}</dd>
            <dt>{t('tracking.office')}</dt>
            <dd>{ticket.office.name}</dd>
            <dt>{t('ticketPage.assignee')}</dt>
            <dd data-testid="assignee">
              {assignee ? assignee.name || assignee.email : t('ticketPage.nobody')}
            </dd>
            <dt>{t('tracking.street')}</dt>
            <dd data-testid="staff-street">
              {ticket.streetName
                ? `${ticket.streetName}${ticket.houseNumber ? ` ${ticket.houseNumber}` : ''}`
                : (ticket.houseNumber ?? '–')}
            </dd>
            <dt>{t('staff.priority')}</dt>
            <dd>{t(`staff.priorities.${ticket.priority}`)}</dd>
            <dt>{t('staff.due')}</dt>
            <dd>{formatDate(ticket.dueAt, i18n.language, true)}</dd>
            <dt>{t('tracking.supporters')}</dt>
            <dd>{ticket.supportersCount}</dd>
            <dt>{t('ticketPage.channel')}</dt>
            <dd data-testid="ticket-channel">
              {t(`ticketPage.channels.${ticket.channel}`, { defaultValue: ticket.channel })}
            </dd>
            <dt>{t('staff.reporter')}</dt>
            <dd data-testid="reporter">
              {ticket.reporter
                ? [
                    ticket.reporter.name,
                    ticket.reporter.email ? `<${ticket.reporter.email}>` : null,
                  ]
                    .filter(Boolean)
                    .join(' ') || '–'
                : '–'}
            </dd>
            {ticket.answers.map((a) => (
              <Fragment key={a.question.id}>
                <dt>{i18n.language === 'en' ? a.question.labelEn : a.question.label}</dt>
                <dd data-testid="answer">{i18n.language === 'en' ? a.textEn : a.text}</dd>
              </Fragment>
            ))}
          </dl>
          <p>{ticket.description}</p>
          <TicketModeration
            key={`moderation-${ticket.version}`}
            ticket={ticket}
            onResult={onResult}
          />
          <TicketPhotos
            photos={ticket.attachments}
            canToggle={ticket.availableActions.includes('setAttachmentPublic')}
            onSet={setPhoto}
          />
          <ReopenPanel
            key={`reopen-${ticket.version}`}
            ticketId={ticket.id}
            canDecide={ticket.availableActions.includes('reopenTicket')}
            onChanged={(key) => onResult({ message: { kind: 'success', key } })}
          />
          <TicketActions ticket={ticket} candidates={candidates} meId={me.id} onResult={onResult} />
          <ContractorPanel
            key={ticket.version /* a change elsewhere on the page reloads the panel */}
            ticketId={ticket.id}
            categoryId={ticket.category.id}
            canForward={ticket.availableActions.includes('forwardToContractor')}
            canRevoke={ticket.availableActions.includes('revokeContractorLink')}
            onChanged={(key) => onResult({ message: { kind: 'success', key } })}
          />
        </div>
        <div>
          <BaseMap
            label={t('map.label')}
            initialView={{
              longitude: ticket.lon,
              latitude: ticket.lat,
              zoom: 16.5,
              pitch: 0,
              bearing: 0,
            }}
            layers={[ticketMarkersLayer(markers, 'staff-markers')]}
          />
          <TicketTimeline events={ticket.events} />
        </div>
      </div>
    </article>
  );
}
