// /segnala — the citizen's report form. Client checks first, then the server's coded errors are shown
// next to the field named in extensions.field; on success the tracking code replaces the form.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation } from 'urql';
import {
  REPORT_LIMITS,
  SUBMIT_REPORT_MUTATION,
  type SubmitReportData,
} from '../../api/citizen.operations';

const TITLE_MAX = REPORT_LIMITS.title;
const DESCRIPTION_MAX = REPORT_LIMITS.description;
import { UploadError, uploadPhoto } from '../../api/attachments';
import { COMUNE_BASE } from '../../api/comune-base';
import { formErrors } from '../../api/errors';
import type { LonLat } from '../../map/geo';
import { Field } from '../common/field';
import { registerServiceWorker } from '../common/service-worker';
import { formatDate } from '../common/status-badge';
import { categoryName, useCategories } from '../common/use-categories';
import { privacyNoticeOf, useComune } from '../common/use-comune';
import {
  answersInput,
  CategoryQuestions,
  missingAnswers,
  type Answers,
} from './category-questions';
import { LocationPicker } from './location-picker';
import { NearbyList } from './nearby-list';
import {
  canQueue,
  draftsOf,
  flushDrafts,
  indexedDbStore,
  isOfflineError,
  type QueuedDraft,
  type QueuedInput,
  type SendOutcome,
} from './offline-queue';
import { PhotoPicker, type Photo } from './photo-picker';
import {
  dropDraft,
  istatOfBase,
  otherComune,
  peekDraft,
  reportPageOf,
  saveDraft,
} from './report-draft';
import { Link } from 'react-router-dom';
import { ReportSuccess } from './report-success';

const FIELD_ALIASES: Record<string, string> = {
  categoryId: 'category',
  attachmentIds: 'photos',
  lat: 'location',
  lon: 'location',
};
const FIELD_ORDER = [
  'location',
  'houseNumber',
  'category',
  'title',
  'description',
  'photos',
  'answers',
  'email',
  'name',
  'privacyConsent',
];

function newKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

type Ticket = NonNullable<SubmitReportData['submitReport']['ticket']>;
type Sent = SubmitReportData['submitReport'];

/** Whether the browser says it has a network, kept up to date. */
function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

export default function ReportView() {
  const { t, i18n } = useTranslation();
  const comune = useComune();
  const categories = useCategories();
  // What was typed on another comune's form for a point in this one (read once).
  const [draft] = useState(() => peekDraft(istatOfBase(COMUNE_BASE)));
  // Read once it is on screen: the form now holds it, and a reload starts empty.
  useEffect(() => {
    if (draft) dropDraft();
  }, [draft]);
  const [point, setPoint] = useState<LonLat | null>(draft?.point ?? null);
  const [categoryId, setCategoryId] = useState('');
  const [title, setTitle] = useState(draft?.title ?? '');
  const [description, setDescription] = useState(draft?.description ?? '');
  const [email, setEmail] = useState(draft?.email ?? '');
  const [name, setName] = useState(draft?.name ?? '');
  const [houseNumber, setHouseNumber] = useState('');
  const [consent, setConsent] = useState(false);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [answers, setAnswers] = useState<Answers>({});
  const questions = categories.find((c) => c.id === categoryId)?.questions ?? [];
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const [result, submit] = useMutation<SubmitReportData>(SUBMIT_REPORT_MUTATION);
  const summary = useRef<HTMLDivElement>(null);
  const client = useClient();
  const online = useOnline();
  // Drafts of this comune kept on the device (offline-queue.ts); savedOffline: the form just went there.
  const [queued, setQueued] = useState<QueuedDraft[]>([]);
  const [savedOffline, setSavedOffline] = useState(false);
  const [sendingQueued, setSendingQueued] = useState(false);
  const [sentAlso, setSentAlso] = useState<string[]>([]);
  const savedPanel = useRef<HTMLHeadingElement>(null);

  const server = formErrors(result.error, FIELD_ALIASES);
  const elsewhere = otherComune(result.error);
  const continueIn = (there: { istatCode: string }, at: LonLat | null) => {
    saveDraft({ istatCode: there.istatCode, point: at, title, description, email, name });
    window.location.assign(reportPageOf(there.istatCode));
  };
  const continueThere = () => {
    if (elsewhere) continueIn(elsewhere, point);
  };
  const [success, setSuccess] = useState<Ticket | null>(null);
  const [awaiting, setAwaiting] = useState(false);

  // One draft to the server: its photos first (kept as Blobs), then submitReport with its own key.
  const sendQueued = useCallback(
    async (draft: QueuedDraft): Promise<SendOutcome<Sent>> => {
      let input = draft.input;
      if (draft.photos.length) {
        const ids: string[] = [];
        for (const photo of draft.photos) {
          try {
            ids.push(await uploadPhoto(photo.blob as File, input.locale));
          } catch (e) {
            if (!(e instanceof UploadError) && isOfflineError(e, navigator.onLine))
              return { kind: 'offline' };
            return {
              kind: 'refused',
              message: t(`report.uploadRefused.${(e as UploadError).reason}`),
            };
          }
        }
        input = { ...input, attachmentIds: [...input.attachmentIds, ...ids] };
        // Uploaded once: a later retry sends the same ids under the same key.
        await indexedDbStore.put({ ...draft, input, photos: [] });
      }
      const response = await client
        .mutation<SubmitReportData>(SUBMIT_REPORT_MUTATION, { input })
        .toPromise();
      if (response.data?.submitReport) return { kind: 'sent', result: response.data.submitReport };
      if (!response.error || isOfflineError(response.error, navigator.onLine))
        return { kind: 'offline' };
      return {
        kind: 'refused',
        message: response.error.graphQLErrors.map((g) => g.message).join(' ') || t('app.error'),
      };
    },
    [client, t],
  );

  const flush = useCallback(async () => {
    if (!canQueue()) return;
    const waiting = await draftsOf(indexedDbStore, COMUNE_BASE);
    setQueued(waiting);
    if (!navigator.onLine || !waiting.some((d) => !d.refused)) return;
    setSendingQueued(true);
    try {
      const outcome = await flushDrafts(indexedDbStore, COMUNE_BASE, sendQueued);
      setQueued([...outcome.refused, ...outcome.waiting]);
      const tickets = outcome.sent.flatMap((s) => (s.result.ticket ? [s.result.ticket] : []));
      const confirm = outcome.sent.find((s) => !s.result.ticket);
      if (tickets.length) {
        setSavedOffline(false);
        setSentAlso(tickets.slice(0, -1).map((x) => x.code));
        setSuccess(tickets[tickets.length - 1]);
      } else if (confirm) {
        setSavedOffline(false);
        setEmail(confirm.draft.input.email);
        setAwaiting(true);
      }
    } catch {
      // IndexedDB refused (private mode): the drafts stay where they are.
    } finally {
      setSendingQueued(false);
    }
  }, [sendQueued]);

  // The citizen pages install the service worker; drafts left from before are sent now if possible,
  // and again whenever the connection returns.
  useEffect(() => {
    registerServiceWorker();
    void flush();
    window.addEventListener('online', flush);
    return () => window.removeEventListener('online', flush);
  }, [flush]);
  useEffect(() => {
    if (savedOffline) savedPanel.current?.focus();
  }, [savedOffline]);

  /** A refused draft back in the form, to be corrected and sent again (it leaves the device's queue). */
  const restore = async (draft: QueuedDraft) => {
    const i = draft.input;
    setPoint([i.location.lon, i.location.lat]);
    setCategoryId(i.categoryId);
    setTitle(i.title);
    setDescription(i.description);
    setEmail(i.email);
    setName(i.name ?? '');
    setHouseNumber(i.houseNumber ?? '');
    setAnswers(
      Object.fromEntries(i.answers.map((a) => [a.questionId, a.values ?? [a.value ?? '']])),
    );
    // Photos not yet uploaded come back; the uploaded ones go with the report under their ids.
    setPhotos([
      ...i.attachmentIds.map((id, n) => ({ id, name: `${n + 1}`, previewUrl: '' })),
      ...draft.photos.map((p, n) => ({
        id: `local-${draft.key}-${n}`,
        name: p.name,
        previewUrl: URL.createObjectURL(p.blob),
        file: p.blob,
      })),
    ]);
    setSavedOffline(false);
    await indexedDbStore.remove(draft.key);
    setQueued((q) => q.filter((d) => d.key !== draft.key));
  };

  const reset = () => {
    setPoint(null);
    setHouseNumber('');
    setTitle('');
    setDescription('');
    setPhotos([]);
    setAnswers({});
    setConsent(false);
    setIdempotencyKey(newKey());
    setSuccess(null);
    setSentAlso([]);
    setSavedOffline(false);
  };

  const queuedPanel =
    queued.length > 0 ? (
      <section className="offline-queue" aria-labelledby="offline-queue-title">
        <h2 id="offline-queue-title">{t('offline.queued')}</h2>
        {sendingQueued ? <p role="status">{t('offline.sending')}</p> : null}
        <ul>
          {queued.map((d) => (
            <li key={d.key} data-testid="queued-draft">
              {t('offline.item', {
                category: d.categoryName,
                title: d.input.title,
                date: formatDate(d.savedAt, i18n.language, true),
              })}
              {d.photos.length ? (
                <span className="queued-photos">
                  {t('offline.photos', { count: d.photos.length })}
                </span>
              ) : null}
              {d.refused ? (
                <>
                  <p className="error-text">{t('offline.refused', { message: d.refused })}</p>
                  <button type="button" className="secondary" onClick={() => void restore(d)}>
                    {t('offline.fix')}
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
        {online && queued.some((d) => !d.refused) && !sendingQueued ? (
          <button type="button" className="secondary" onClick={() => void flush()}>
            {t('offline.sendNow')}
          </button>
        ) : null}
      </section>
    ) : null;

  if (success)
    return (
      <>
        {sentAlso.length ? (
          <p role="status">
            {t('offline.sentAlso')} {sentAlso.join(', ')}
          </p>
        ) : null}
        <ReportSuccess ticket={success} onAnother={reset} />
      </>
    );
  if (savedOffline)
    return (
      <section aria-labelledby="offline-saved-title" className="offline-saved">
        <h1 id="offline-saved-title" ref={savedPanel} tabIndex={-1}>
          {t('offline.savedTitle')}
        </h1>
        <p role="status" data-testid="offline-saved">
          {t('offline.saved')}
        </p>
        <p>{t('offline.keepOpen')}</p>
        {queuedPanel}
        <button type="button" className="secondary" onClick={reset}>
          {t('offline.another')}
        </button>
      </section>
    );
  if (awaiting)
    return (
      <section aria-labelledby="report-check-mail">
        <h1 id="report-check-mail">{t('report.checkMailTitle')}</h1>
        <p role="status">{t('report.checkMail', { email: email.trim() })}</p>
      </section>
    );

  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (!point) found.location = t('report.needPin');
    if (!categoryId) found.category = t('report.requiredCategory');
    if (!title.trim()) found.title = t('report.requiredTitle');
    if (!description.trim()) found.description = t('report.requiredDescription');
    if (!email.trim()) found.email = t('report.requiredEmail');
    if (!consent) found.privacyConsent = t('report.needConsent');
    const missing = missingAnswers(questions, answers);
    for (const id of missing) {
      const q = questions.find((x) => x.id === id);
      const label = q ? (i18n.language === 'en' ? q.labelEn : q.label) : '';
      found[`q-${id}`] = t('report.requiredAnswer', { label });
    }
    if (missing.length) found.answers = t('report.answerRequired');
    return found;
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate();
    setClientErrors(found);
    if (Object.keys(found).length > 0 || !point) {
      summary.current?.focus();
      return;
    }
    const input: QueuedInput = {
      categoryId,
      location: { lon: point[0], lat: point[1] },
      title: title.trim(),
      description: description.trim(),
      email: email.trim(),
      name: name.trim() || null,
      houseNumber: houseNumber.trim() || null,
      attachmentIds: photos.map((p) => p.id),
      answers: answersInput(questions, answers),
      privacyConsent: consent,
      locale: i18n.language === 'en' ? 'en' : 'it',
      idempotencyKey,
      privacyNoticeVersion: comune?.privacyNoticeVersion ?? null,
    };
    const local = photos.filter((p) => p.file);
    const draft: QueuedDraft = {
      key: idempotencyKey,
      base: COMUNE_BASE,
      savedAt: new Date().toISOString(),
      categoryName: categoryName(
        categories.find((c) => c.id === categoryId) ?? { name: '', nameEn: '' },
        i18n.language,
      ),
      input: { ...input, attachmentIds: photos.filter((p) => !p.file).map((p) => p.id) },
      photos: local.map((p) => ({ name: p.name, blob: p.file as Blob })),
    };
    // Without network, or photos still on the device: the queue sends it (now, if it can).
    const keep = async () => {
      await indexedDbStore.put(draft);
      setQueued(await draftsOf(indexedDbStore, COMUNE_BASE));
    };
    if (canQueue() && (!navigator.onLine || local.length)) {
      await keep();
      if (navigator.onLine) await flush();
      else setSavedOffline(true);
      return;
    }
    const response = await submit({ input });
    if (response.error && canQueue() && isOfflineError(response.error, navigator.onLine)) {
      // The request never reached the server: kept, and sent under the same key when it can be.
      await keep();
      setSavedOffline(true);
      return;
    }
    if (response.data?.submitReport.ticket) setSuccess(response.data.submitReport.ticket);
    else if (response.data?.submitReport.confirmationRequired) setAwaiting(true);
    else summary.current?.focus();
  };

  // A field put right stops showing its message at once, not only at the next submit.
  const current = Object.keys(clientErrors).length ? validate() : {};
  const errors: Record<string, string> = {
    ...server.fields,
    ...Object.fromEntries(Object.entries(clientErrors).filter(([field]) => field in current)),
  };
  const errorList = FIELD_ORDER.filter((f) => errors[f]);
  const showSummary = errorList.length > 0 || server.general.length > 0;

  return (
    <section aria-labelledby="report-title">
      <h1 id="report-title">{t('report.title')}</h1>
      <p>{t('report.intro')}</p>
      {!online ? (
        <p role="status" className="offline-banner" data-testid="offline-banner">
          {t('offline.banner')}
        </p>
      ) : null}
      {queuedPanel}
      {draft ? <p role="status">{t('report.draftCarried')}</p> : null}
      <div
        ref={summary}
        tabIndex={-1}
        className={showSummary ? 'error-summary' : 'visually-hidden'}
        role="alert"
      >
        {showSummary ? (
          <>
            <p>
              <strong>{t('report.errors')}</strong>
            </p>
            <ul>
              {errorList.map((f) => (
                <li key={f}>
                  <a href={`#${f === 'location' ? 'location' : `f-${f}`}`}>{errors[f]}</a>
                </li>
              ))}
              {server.general.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
            {elsewhere ? (
              <button type="button" className="continue-elsewhere" onClick={continueThere}>
                {t('report.continueThere', { name: elsewhere.name })}
              </button>
            ) : null}
          </>
        ) : null}
      </div>
      <form noValidate onSubmit={(e) => void onSubmit(e)} className="report-form">
        <div className="report-grid">
          <div>
            <LocationPicker
              value={point}
              onChange={setPoint}
              error={errors.location}
              houseNumber={houseNumber}
              onHouseNumberChange={setHouseNumber}
              houseNumberError={errors.houseNumber}
              onContinueElsewhere={(at, other) => continueIn(other, at)}
            />
          </div>
          <div>
            <fieldset>
              <legend>{t('report.what')}</legend>
              <Field id="f-category" label={t('report.category')} error={errors.category} required>
                <select value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
                  <option value="">{t('report.chooseCategory')}</option>
                  {categories.map((c) => (
                    <option key={c.id} value={c.id}>
                      {categoryName(c, i18n.language)}
                    </option>
                  ))}
                </select>
              </Field>
              {point && categoryId ? (
                <NearbyList point={point} categoryId={categoryId} email={email} />
              ) : null}
              <Field
                id="f-title"
                label={t('report.titleField')}
                hint={t('report.titleHint')}
                error={errors.title}
                required
                counter={{ count: title.length, max: TITLE_MAX }}
              >
                <input
                  type="text"
                  maxLength={TITLE_MAX}
                  value={title}
                  onChange={(e) => setTitle(e.target.value)}
                />
              </Field>
              <Field
                id="f-description"
                label={t('report.description')}
                hint={t('report.descriptionHint')}
                error={errors.description}
                required
                counter={{ count: description.length, max: DESCRIPTION_MAX }}
              >
                <textarea
                  rows={5}
                  maxLength={DESCRIPTION_MAX}
                  value={description}
                  onChange={(e) => setDescription(e.target.value)}
                />
              </Field>
              <PhotoPicker photos={photos} onChange={setPhotos} error={errors.photos} />
            </fieldset>
            <CategoryQuestions
              questions={questions}
              answers={answers}
              onChange={setAnswers}
              errors={Object.fromEntries(
                questions.map((q) => [q.id, clientErrors[`q-${q.id}`] ?? '']).filter(([, e]) => e),
              )}
              serverError={server.fields.answers}
            />
            <fieldset>
              <legend>{t('report.contact')}</legend>
              <Field
                id="f-email"
                label={t('report.email')}
                hint={t('report.emailHint')}
                error={errors.email}
                required
              >
                <input
                  type="email"
                  autoComplete="email"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                />
              </Field>
              <Field id="f-name" label={t('report.name')} error={errors.name}>
                <input
                  type="text"
                  autoComplete="name"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                />
              </Field>
              <p id="privacy-notice" className="privacy-notice">
                {comune
                  ? (privacyNoticeOf(comune, i18n.language) ??
                    t('report.privacyNotice', { name: comune.name }))
                  : t('app.loading')}{' '}
                <Link to="/privacy">{t('privacy.readFull')}</Link>
              </p>
              <div className={`checkbox${errors.privacyConsent ? ' field-invalid' : ''}`}>
                <input
                  id="f-privacyConsent"
                  type="checkbox"
                  checked={consent}
                  onChange={(e) => setConsent(e.target.checked)}
                  aria-describedby={`privacy-notice${errors.privacyConsent ? ' f-privacyConsent-error' : ''}`}
                  aria-invalid={errors.privacyConsent ? true : undefined}
                />
                <label htmlFor="f-privacyConsent">{t('report.privacy')}</label>
              </div>
              {errors.privacyConsent ? (
                <p id="f-privacyConsent-error" className="error-text">
                  {errors.privacyConsent}
                </p>
              ) : null}
            </fieldset>
            <button type="submit" className="primary" disabled={result.fetching}>
              {result.fetching ? t('report.sending') : t('report.submit')}
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}
