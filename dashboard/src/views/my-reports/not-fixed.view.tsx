// /segnalazioni/:code/non-risolto?t=…: from the resolution mail, the reporter says the problem is not
// fixed, with a comment and an optional photo (the report form's upload); the office then accepts
// (the report goes back to in lavorazione) or declines with a reason sent by e-mail.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { REPORT_NOT_FIXED_MUTATION } from '../../api/citizen.operations';
import { Field } from '../common/field';
import { PhotoPicker, type Photo } from '../report/photo-picker';
import { FeedbackDone } from './feedback-done';
import { fieldError, linkRefusal, useFeedbackLink } from './feedback-link';

const MAX_COMMENT = 2000;

export default function NotFixedView() {
  const { t } = useTranslation();
  const { code, token } = useFeedbackLink();
  const [comment, setComment] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [done, setDone] = useState(false);
  const [state, send] = useMutation(REPORT_NOT_FIXED_MUTATION);
  const refusal = linkRefusal(state.error, t);

  if (done)
    return (
      <FeedbackDone
        id="not-fixed-title"
        title={t('feedback.notFixedDoneTitle')}
        text={t('feedback.notFixedDone')}
        code={code}
      />
    );

  return (
    <section aria-labelledby="not-fixed-title">
      <h1 id="not-fixed-title">{t('feedback.notFixedTitle')}</h1>
      <p>{t('feedback.notFixedIntro', { code })}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send({
            code,
            token,
            comment: comment.trim(),
            attachmentId: photos[0]?.id ?? null,
          }).then((r) => r.data && setDone(true));
        }}
      >
        <Field
          id="not-fixed-comment"
          label={t('feedback.comment')}
          hint={t('feedback.commentHint')}
          required
          error={fieldError(state.error, 'comment')}
          counter={{ count: comment.length, max: MAX_COMMENT }}
        >
          <textarea
            rows={5}
            maxLength={MAX_COMMENT}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </Field>
        <PhotoPicker
          photos={photos}
          onChange={setPhotos}
          max={1}
          labels={{ label: t('feedback.photo'), choose: t('feedback.choosePhoto') }}
          error={fieldError(state.error, 'attachmentId')}
        />
        {refusal ? (
          <p className="error-text" role="alert">
            {refusal}
          </p>
        ) : null}
        <button type="submit" disabled={state.fetching}>
          {t('feedback.notFixedSend')}
        </button>
      </form>
    </section>
  );
}
