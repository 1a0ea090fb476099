import { useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { sendInvoice } from '../../api/invoices';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field, TextField } from '../../components/Field';
import { t } from './messages';
import { problemSentence } from './problems';

/** The longest subject the server takes (it refuses more, and a subject on two lines). */
export const MAX_SUBJECT = 200;
/** The longest message the server takes. */
export const MAX_MESSAGE = 5000;

interface SendInvoiceDialogProps {
  readonly orgId: string;
  readonly invoiceId: string;
  readonly number: string;
  /** Called once the e-mail is queued (the dialog is then closed by the caller). */
  readonly onSent: () => void;
  readonly onClose: () => void;
}

/**
 * "Send this invoice?" with the e-mail's subject and message, both editable: an empty subject
 * is the server's own ("Invoice … from …"). The PDF is attached by the server; the e-mail is
 * queued, and the invoice's e-mail history says when it was sent, or why not.
 */
export function SendInvoiceDialog({ orgId, invoiceId, number, onSent, onClose }: SendInvoiceDialogProps) {
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const send = async (): Promise<void> => {
    await sendInvoice(orgId, invoiceId, { subject: subject.trim() === '' ? null : subject.trim(), message: message.trim() });
    onSent();
  };
  return (
    <ConfirmDialog
      title={t('invoices.sendConfirm.title')}
      confirmLabel={t('invoices.sendConfirm.confirm')}
      tone="primary"
      explain={(failure) => (failure instanceof ApiProblem ? problemSentence(failure) : t('error.unexpected'))}
      onConfirm={send}
      onClose={onClose}
    >
      <p>{t('invoices.sendConfirm.body')}</p>
      <TextField
        id="send-subject"
        label={t('invoices.send.subject')}
        hint={t('invoices.send.subjectHint', { number })}
        value={subject}
        onInput={setSubject}
        optional
        maxLength={MAX_SUBJECT}
      />
      <Field id="send-message" label={t('invoices.send.message')} hint={t('invoices.send.messageHint')} optional>
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
    </ConfirmDialog>
  );
}
