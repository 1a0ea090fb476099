/** Rendering helpers for component tests: Preact's own `render` and `act`, nothing more. */
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';

const mounted = new Set<HTMLElement>();

/** Renders `ui` into a fresh element attached to the document. */
export function renderIntoDocument(ui: ComponentChild): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  mounted.add(container);
  act(() => render(ui, container));
  return container;
}

/** Unmounts everything `renderIntoDocument` rendered; call after each test. */
export function cleanup(): void {
  for (const container of mounted) {
    act(() => render(null, container));
    container.remove();
  }
  mounted.clear();
}

/** Waits until `find` returns a value (not null, undefined or false), or fails after `timeoutMs`. */
export async function waitFor<T>(find: () => T | null | undefined | false, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== null && found !== undefined && found !== false) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error(`nothing found within ${timeoutMs} ms; document: ${document.body.innerHTML}`);
    }
    await act(() => new Promise<void>((resolve) => setTimeout(resolve, 10)));
  }
}

/** The first element matching `selector` whose text content includes `text`. */
export function findByText(root: ParentNode, selector: string, text: string): HTMLElement | undefined {
  return Array.from(root.querySelectorAll<HTMLElement>(selector)).find((element) =>
    (element.textContent ?? '').includes(text),
  );
}

/** Clicks `element` inside `act`, so the resulting render has happened when this returns. */
export function click(element: HTMLElement): void {
  act(() => element.click());
}

/** A fetch `Response` with a JSON body. */
export function jsonResponse(body: unknown, status = 200, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}

/** Types `text` into an input as a person would end up with it: value set, `input` fired. */
export function typeInto(input: HTMLInputElement | HTMLSelectElement, text: string): void {
  act(() => {
    input.value = text;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}

/** Moves focus away from `element`, firing `blur` as the browser does. */
export function leave(element: HTMLElement): void {
  act(() => {
    element.dispatchEvent(new FocusEvent('blur'));
    element.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
  });
}

/** Presses `key` on the focused element (or the body), as a keyboard would. */
export function press(key: string, options: { shiftKey?: boolean } = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...options });
  act(() => {
    (document.activeElement ?? document.body).dispatchEvent(event);
  });
  return event;
}

/** Waits for pending promises and the renders they cause. */
export async function settle(): Promise<void> {
  await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}
