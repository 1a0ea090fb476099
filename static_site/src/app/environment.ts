/** Where the app runs, as far as the browser can tell without asking the server. */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Whether `hostname` is this machine: the Vite dev server or the local runtime. Only there
 * does the API have its dev-only endpoints, such as the dev mailbox.
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host);
}
