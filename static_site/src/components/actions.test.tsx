import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiNetworkError, ApiProblem } from '../api/client';
import { axeViolations } from '../test/axe';
import { cleanup, click, findByText, renderIntoDocument, settle } from '../test/dom';
import { ConfirmDialog } from './ConfirmDialog';
import { SubmitButton } from './SubmitButton';
import { useAction } from './useAction';

afterEach(cleanup);

/** A promise the test resolves or rejects when it chooses. */
function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

const refused = new ApiProblem({
  type: 'about:blank',
  status: 409,
  code: 'account_has_balance',
  title: 'This account has a balance.',
  detail: 'Move it first.',
});

function ArchiveQuestion({ archive, explain }: { readonly archive: () => Promise<void>; readonly explain?: (failure: unknown) => string }) {
  const [asked, setAsked] = useState(true);
  const [archived, setArchived] = useState(false);
  return (
    <>
      {archived && <p id="done">Archived</p>}
      {asked && (
        <ConfirmDialog
          title="Archive 1150 Airtel Money?"
          confirmLabel="Archive"
          onClose={() => setAsked(false)}
          onConfirm={async () => {
            await archive();
            setArchived(true);
            setAsked(false);
          }}
          {...(explain === undefined ? {} : { explain })}
        >
          <p>It can be brought back later.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

describe('the confirm dialog', () => {
  it('asks as an alert dialog with focus on Cancel, and has no accessibility violations', async () => {
    const root = renderIntoDocument(<ArchiveQuestion archive={async () => undefined} />);

    const dialog = root.querySelector('[role="alertdialog"]');
    expect(dialog?.textContent).toContain('Archive 1150 Airtel Money?');
    expect(document.activeElement?.textContent).toBe('Cancel');
    expect(await axeViolations(root)).toEqual([]);
  });

  it('runs the action once however often it is tapped, waiting while it runs', async () => {
    const pending = deferred();
    let calls = 0;
    const root = renderIntoDocument(
      <ArchiveQuestion
        archive={() => {
          calls += 1;
          return pending.promise;
        }}
      />,
    );
    const confirm = findByText(root, 'button', 'Archive') as HTMLButtonElement;

    click(confirm);
    click(confirm);
    await settle();

    expect(calls).toBe(1);
    expect(confirm.disabled).toBe(true);
    pending.resolve();
    await settle();
    expect(root.querySelector('[role="alertdialog"]')).toBeNull();
    expect(root.querySelector('#done')?.textContent).toBe('Archived');
  });

  it('stays open and says why when the action fails, and may be tried again', async () => {
    let attempts = 0;
    const root = renderIntoDocument(
      <ArchiveQuestion
        archive={async () => {
          attempts += 1;
          if (attempts === 1) {
            throw refused;
          }
        }}
      />,
    );

    click(findByText(root, 'button', 'Archive') as HTMLElement);
    await settle();

    const alert = root.querySelector('[role="alertdialog"] [role="alert"]');
    expect(alert?.textContent).toContain('This account has a balance.');
    expect(alert?.textContent).toContain('Move it first.');
    expect((findByText(root, 'button', 'Archive') as HTMLButtonElement).disabled).toBe(false);

    click(findByText(root, 'button', 'Archive') as HTMLElement);
    await settle();
    expect(root.querySelector('#done')?.textContent).toBe('Archived');
  });

  it("words the failure in the screen's own terms when asked to", async () => {
    const root = renderIntoDocument(
      <ArchiveQuestion
        archive={async () => {
          throw new ApiNetworkError();
        }}
        explain={(failure) => (failure instanceof ApiNetworkError ? 'Not archived: no connection.' : 'Other')}
      />,
    );

    click(findByText(root, 'button', 'Archive') as HTMLElement);
    await settle();

    expect(root.querySelector('[role="alert"]')?.textContent).toBe('Not archived: no connection.');
  });
});

describe('useAction', () => {
  function Resend({ send }: { readonly send: () => Promise<void> }) {
    const action = useAction(send);
    const [result, setResult] = useState<string>('');
    return (
      <>
        <button type="button" disabled={action.busy} onClick={() => void action.run().then((ok) => setResult(String(ok)))}>
          Resend
        </button>
        <p id="result">{result}</p>
        <p id="failure">{action.failure instanceof Error ? action.failure.message : ''}</p>
      </>
    );
  }

  it('keeps a failure instead of throwing it, and forgets it when run again', async () => {
    let fail = true;
    const root = renderIntoDocument(
      <Resend
        send={async () => {
          if (fail) {
            throw new Error('no answer');
          }
        }}
      />,
    );

    click(findByText(root, 'button', 'Resend') as HTMLElement);
    await settle();
    expect(root.querySelector('#result')?.textContent).toBe('false');
    expect(root.querySelector('#failure')?.textContent).toBe('no answer');

    fail = false;
    click(findByText(root, 'button', 'Resend') as HTMLElement);
    await settle();
    expect(root.querySelector('#result')?.textContent).toBe('true');
    expect(root.querySelector('#failure')?.textContent).toBe('');
  });
});

describe('useAction, tapped twice before the page redraws', () => {
  it('runs once: the second run resolves false without calling the action', async () => {
    const pending = deferred();
    let calls = 0;
    const outcomes: boolean[] = [];
    function TwoTaps() {
      const action = useAction(() => {
        calls += 1;
        return pending.promise;
      });
      return (
        <button
          type="button"
          onClick={() => {
            void action.run().then((ok) => outcomes.push(ok));
            void action.run().then((ok) => outcomes.push(ok));
          }}
        >
          Send
        </button>
      );
    }
    const root = renderIntoDocument(<TwoTaps />);

    click(findByText(root, 'button', 'Send') as HTMLElement);
    await settle();
    pending.resolve();
    await settle();

    expect(calls).toBe(1);
    expect(outcomes).toEqual([false, true]);
  });
});

describe('the submit button', () => {
  it('waits and says so while the form is saved', () => {
    const root = renderIntoDocument(
      <form>
        <SubmitButton label="Send invitation" busy />
      </form>,
    );
    const button = root.querySelector('button') as HTMLButtonElement;

    expect(button.type).toBe('submit');
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('Please wait…');
  });

  it('keeps its label while told to wait without saving, and submits a form elsewhere on the page', () => {
    const root = renderIntoDocument(<SubmitButton label="Save role" busy working={false} form="role-form" tone="danger" />);
    const button = root.querySelector('button') as HTMLButtonElement;

    expect(button.textContent).toBe('Save role');
    expect(button.getAttribute('form')).toBe('role-form');
    expect(button.className).toBe('button button--danger');
  });
});
