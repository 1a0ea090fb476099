import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mailbox, MailboxMessage } from '../../api/devMailbox';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, waitFor } from '../../test/dom';
import { freshIndexedDb } from '../../test/indexedDb';
import MailboxScreen from './MailboxScreen';

const invoiceMail: MailboxMessage = {
  id: 'msg-2',
  received_at: '2026-03-14T09:30:00Z',
  sender: 'IntelliFin <no-reply@intellifin.local>',
  recipients: ['mwila@lusaka-traders.zm', 'accounts@lusaka-traders.zm'],
  subject: 'Invoice INV-0042 from Lusaka Traders',
  text: 'Dear Mwila,\nYour invoice for K 1,160.00 is attached.',
  html: '<p id="mail-body">Dear Mwila, your invoice for <b>K 1,160.00</b> is attached.</p><script>parent.hacked = true</script>',
  attachments: ['INV-0042.pdf', 'terms.pdf'],
};

const welcomeMail: MailboxMessage = {
  id: 'msg-1',
  received_at: '2026-03-13T07:00:00Z',
  sender: 'IntelliFin <no-reply@intellifin.local>',
  recipients: ['chanda@example.zm'],
  subject: 'Welcome to IntelliFin',
  text: 'Welcome, Chanda.',
  html: null,
  attachments: [],
};

let fetchMock: ReturnType<typeof vi.fn<typeof fetch>>;

beforeEach(() => {
  fetchMock = vi.fn<typeof fetch>();
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(cleanup);

function answerWith(...responses: Response[]): void {
  for (const response of responses) {
    fetchMock.mockResolvedValueOnce(response);
  }
}

const mailbox = (...messages: MailboxMessage[]): Response => jsonResponse({ messages } satisfies Mailbox);

const listItems = (root: HTMLElement): HTMLElement[] => Array.from(root.querySelectorAll('.message-list__item'));

describe('the dev mailbox', () => {
  it('shows a loading state until the messages arrive', async () => {
    let answer: (response: Response) => void = () => undefined;
    fetchMock.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));

    const screen = renderIntoDocument(<MailboxScreen />);

    expect(screen.querySelector('[role="status"]')?.textContent).toBe('Loading messages…');
    answer(mailbox(welcomeMail));
    await waitFor(() => listItems(screen).length === 1);
    expect(screen.querySelector('[role="status"]')).toBeNull();
  });

  it('lists each message with its subject, recipients and time, newest first', async () => {
    answerWith(mailbox(invoiceMail, welcomeMail));

    const screen = renderIntoDocument(<MailboxScreen />);
    await waitFor(() => listItems(screen).length === 2);

    const [first, second] = listItems(screen);
    expect(first?.querySelector('.message-list__subject')?.textContent).toBe('Invoice INV-0042 from Lusaka Traders');
    expect(first?.textContent).toContain('To: mwila@lusaka-traders.zm, accounts@lusaka-traders.zm');
    expect(first?.querySelector('time')?.getAttribute('datetime')).toBe('2026-03-14T09:30:00Z');
    expect(first?.querySelector('time')?.textContent).toMatch(/2026/);
    expect(second?.querySelector('.message-list__subject')?.textContent).toBe('Welcome to IntelliFin');

    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/v1/dev/mailbox');
    expect(new Headers(init?.headers).get('Accept')).toBe('application/json');
  });

  it('opens a message: text body, HTML in a sandboxed frame, attachment names', async () => {
    answerWith(mailbox(invoiceMail, welcomeMail));
    const screen = renderIntoDocument(<MailboxScreen />);
    const item = await waitFor(() => listItems(screen)[0]);

    click(item);

    const message = await waitFor(() => screen.querySelector<HTMLElement>('article.message'));
    expect(message.querySelector('h2')?.textContent).toBe('Invoice INV-0042 from Lusaka Traders');
    expect(message.querySelector('pre')?.textContent).toBe('Dear Mwila,\nYour invoice for K 1,160.00 is attached.');
    const frame = message.querySelector('iframe');
    expect(frame?.getAttribute('sandbox')).toBe('');
    expect(frame?.getAttribute('srcdoc')).toContain(invoiceMail.html);
    expect(frame?.getAttribute('srcdoc')).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    // The HTML lives only inside the frame, never in the app's own document.
    expect(document.getElementById('mail-body')).toBeNull();
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(Array.from(message.querySelectorAll('.message__attachments li'), (li) => li.textContent)).toEqual([
      'INV-0042.pdf',
      'terms.pdf',
    ]);
    expect(item.getAttribute('aria-current')).toBe('true');
  });

  it('shows no frame for a message without HTML', async () => {
    answerWith(mailbox(invoiceMail, welcomeMail));
    const screen = renderIntoDocument(<MailboxScreen />);

    click(await waitFor(() => listItems(screen)[1]));

    const message = await waitFor(() => screen.querySelector<HTMLElement>('article.message'));
    expect(message.querySelector('pre')?.textContent).toBe('Welcome, Chanda.');
    expect(message.querySelector('iframe')).toBeNull();
    expect(message.querySelector('.message__attachments')).toBeNull();
  });

  it('says so when there are no messages', async () => {
    answerWith(mailbox());

    const screen = renderIntoDocument(<MailboxScreen />);

    await waitFor(() => findByText(screen, '.notice', 'No messages yet.'));
    expect(screen.querySelector('.message-list')).toBeNull();
  });

  it("shows the problem's title and detail when the API refuses", async () => {
    answerWith(
      jsonResponse(
        {
          type: 'about:blank',
          title: 'Not available here.',
          status: 404,
          detail: 'The dev mailbox exists only when IntelliFin runs locally.',
          code: 'not_found',
        },
        404,
        'application/problem+json',
      ),
    );

    const screen = renderIntoDocument(<MailboxScreen />);

    const alert = await waitFor(() => screen.querySelector<HTMLElement>('[role="alert"]'));
    expect(alert.textContent).toContain('Not available here.');
    expect(alert.textContent).toContain('The dev mailbox exists only when IntelliFin runs locally.');
  });

  it('loads again on refresh, keeping the open message open', async () => {
    answerWith(mailbox(invoiceMail), mailbox(welcomeMail, invoiceMail));
    const screen = renderIntoDocument(<MailboxScreen />);
    click(await waitFor(() => listItems(screen)[0]));

    click(await waitFor(() => findByText(screen, 'button', 'Refresh')));

    await waitFor(() => listItems(screen).length === 2);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(listItems(screen)[0]?.textContent).toContain('Welcome to IntelliFin');
    expect(screen.querySelector('article.message h2')?.textContent).toBe('Invoice INV-0042 from Lusaka Traders');
  });

  it('has no accessibility violations, list or message open', async () => {
    answerWith(mailbox(invoiceMail, welcomeMail));
    const screen = renderIntoDocument(<MailboxScreen />);
    const item = await waitFor(() => listItems(screen)[0]);
    expect(await axeViolations(screen)).toEqual([]);

    click(item);

    await waitFor(() => screen.querySelector('article.message'));
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('shows the last mailbox seen when offline, saying how old it is', async () => {
    await freshIndexedDb();
    answerWith(mailbox(invoiceMail));
    renderIntoDocument(<MailboxScreen />);
    await waitFor(() => fetchMock.mock.calls.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    cleanup();
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));

    const screen = renderIntoDocument(<MailboxScreen />);

    await waitFor(() => findByText(screen, '.muted', 'Saved copy from'));
    expect(listItems(screen)[0]?.textContent).toContain('Invoice INV-0042 from Lusaka Traders');
    expect(screen.querySelector('[role="alert"]')?.textContent).toMatch(/could not be reached|offline/);
  });
});

