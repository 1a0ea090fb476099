/**
 * Short notices that something happened ("Invoice saved"), shown by the shell's toast
 * region whatever screen raised them.
 */

export type ToastTone = 'info' | 'success' | 'error';

export interface Toast {
  readonly id: number;
  readonly message: string;
  readonly tone: ToastTone;
}

/** Long enough to read twice on a small screen; errors stay until dismissed. */
export const TOAST_DURATION_MS = 8_000;

let nextId = 1;
let toasts: readonly Toast[] = [];
const listeners = new Set<(toasts: readonly Toast[]) => void>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();

function publish(next: readonly Toast[]): void {
  toasts = next;
  listeners.forEach((listener) => listener(toasts));
}

export function showToast(message: string, tone: ToastTone = 'info'): number {
  const id = nextId++;
  publish([...toasts, { id, message, tone }]);
  if (tone !== 'error') {
    timers.set(
      id,
      setTimeout(() => dismissToast(id), TOAST_DURATION_MS),
    );
  }
  return id;
}

export function dismissToast(id: number): void {
  clearTimeout(timers.get(id));
  timers.delete(id);
  if (toasts.some((toast) => toast.id === id)) {
    publish(toasts.filter((toast) => toast.id !== id));
  }
}

export function currentToasts(): readonly Toast[] {
  return toasts;
}

export function subscribeToToasts(listener: (toasts: readonly Toast[]) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
