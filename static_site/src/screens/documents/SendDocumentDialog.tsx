import { useState } from 'preact/hooks';
import { previewDocumentEmail, sendDocument, type DocumentEmail, type DocumentRef, type EmailBody, type EmailPreview } from '../../api/documents';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field, TextField } from '../../components/Field';
import './documents.css';
import { t } from './messages';
import { documentProblemSentence, emailFieldErrors, type EmailFieldErrors } from './problems';

/** The longest subject the server takes (it refuses more, and a subject on two lines). */
export const MAX_SUBJECT = 200;
/** The longest message the server takes. */
export const MAX_MESSAGE = 5000;

const WORDS = {
  invoice: {
    title: 'documents.kind.invoice.title',
    confirm: 'documents.kind.invoice.confirm',
    body: 'documents.kind.invoice.body',
    hint: 'documents.kind.invoice.subjectHint',
  },
  credit_note: {
    title: 'documents.kind.credit_note.title',
    confirm: 'documents.kind.credit_note.confirm',
    body: 'documents.kind.credit_note.body',
    hint: 'documents.kind.credit_note.subjectHint',
  },
  statement: {
    title: 'documents.kind.statement.title',
    confirm: 'documents.kind.statement.confirm',
    body: 'documents.kind.statement.body',
    hint: 'documents.kind.statement.subjectHint',
  },
  receipt: {
    title: 'documents.kind.receipt.title',
    confirm: 'documents.kind.receipt.confirm',
    body: 'documents.kind.receipt.body',
    hint: 'documents.kind.receipt.subjectHint',
  },
} as const satisfies Record<DocumentRef['kind'], Record<'title' | 'confirm' | 'body' | 'hint', string>>;

interface SendDocumentDialogProps {
  readonly orgId: string;
  readonly document: DocumentRef;
  /** How the document is known in its default subject: its number, or a statement's day. */
  readonly reference: string;
  /** Called with the queued e-mail once the server took it (the caller then closes the dialog). */
  readonly onSent: (queued: DocumentEmail) => void;
  readonly onClose: () => void;
}

type Previewing = { readonly state: 'idle' } | { readonly state: 'loading' } | { readonly state: 'shown'; readonly preview: EmailPreview; readonly body: EmailBody };

/**
 * "Send this …?" with the e-mail's subject and message, both editable (an empty subject is the
 * server's own), and a preview of what the customer will receive, rendered by the server
 * without sending: to whom, the subject, the text with the message filled in, the PDF's name.
 * The e-mail is queued; the document's e-mail history says when it was sent, or why not.
 */
export function SendDocumentDialog({ orgId, document, reference, onSent, onClose }: SendDocumentDialogProps) {
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const [fieldErrors, setFieldErrors] = useState<EmailFieldErrors>({});
  const [previewing, setPreviewing] = useState<Previewing>({ state: 'idle' });
  const [previewFailure, setPreviewFailure] = useState<string | null>(null);
  const words = WORDS[document.kind];
  const body = (): EmailBody => ({ subject: subject.trim() === '' ? null : subject.trim(), message: message.trim() });

  const send = async (): Promise<void> => {
    setFieldErrors({});
    try {
      onSent(await sendDocument(orgId, document, body()));
    } catch (failure) {
      setFieldErrors(emailFieldErrors(failure));
      throw failure;
    }
  };
  const preview = async (): Promise<void> => {
    const asked = body();
    setPreviewing({ state: 'loading' });
    setPreviewFailure(null);
    setFieldErrors({});
    try {
      setPreviewing({ state: 'shown', preview: await previewDocumentEmail(orgId, document, asked), body: asked });
    } catch (failure) {
      setPreviewing({ state: 'idle' });
      setFieldErrors(emailFieldErrors(failure));
      setPreviewFailure(documentProblemSentence(failure));
    }
  };
  const shown = previewing.state === 'shown' ? previewing : null;
  const stale = shown !== null && (shown.body.subject !== body().subject || shown.body.message !== body().message);

  return (
    <ConfirmDialog title={t(words.title)} confirmLabel={t(words.confirm)} tone="primary" explain={documentProblemSentence} onConfirm={send} onClose={onClose}>
      <p>{t(words.body)}</p>
      <TextField
        id="send-subject"
        label={t('documents.send.subject')}
        hint={t(words.hint, { reference })}
        value={subject}
        onInput={setSubject}
        error={fieldErrors.subject}
        optional
        maxLength={MAX_SUBJECT}
      />
      <Field id="send-message" label={t('documents.send.message')} hint={t('documents.send.messageHint')} error={fieldErrors.message} optional>
        {(control) => (
          <textarea
            {...control}
            class="input"
            rows={4}
            maxLength={MAX_MESSAGE}
            value={message}
            onInput={(event) => setMessage((event.target as HTMLTextAreaElement).value)}
          />
        )}
      </Field>
      <p>
        <button type="button" class="button button--quiet" disabled={previewing.state === 'loading'} onClick={() => void preview()}>
          {shown === null ? t('documents.preview.show') : t('documents.preview.again')}
        </button>
      </p>
      {previewFailure !== null && (
        <p class="notice notice--error" role="alert">
          {previewFailure}
        </p>
      )}
      <div aria-live="polite">
        {previewing.state === 'loading' && <p class="muted">{t('documents.preview.loading')}</p>}
        {shown !== null && <EmailPreviewCard preview={shown.preview} stale={stale} />}
      </div>
    </ConfirmDialog>
  );
}

function EmailPreviewCard({ preview, stale }: { readonly preview: EmailPreview; readonly stale: boolean }) {
  return (
    <section class="email-preview" aria-labelledby="email-preview-title">
      <h3 id="email-preview-title">{t('documents.preview.title')}</h3>
      {stale && <p class="notice">{t('documents.preview.stale')}</p>}
      <dl class="email-preview__headers">
        <div>
          <dt>{t('documents.preview.to')}</dt>
          <dd>{t('documents.preview.recipient', { name: preview.recipient_name, address: preview.recipient })}</dd>
        </div>
        {preview.reply_to !== null && (
          <div>
            <dt>{t('documents.preview.replyTo')}</dt>
            <dd>{preview.reply_to}</dd>
          </div>
        )}
        <div>
          <dt>{t('documents.preview.subject')}</dt>
          <dd data-testid="preview-subject">{preview.subject}</dd>
        </div>
        <div>
          <dt>{t('documents.preview.attachment')}</dt>
          <dd data-testid="preview-attachment">{preview.attachment}</dd>
        </div>
      </dl>
      <pre class="email-preview__text" aria-label={t('documents.preview.text')} tabIndex={0}>
        {preview.text}
      </pre>
    </section>
  );
}
