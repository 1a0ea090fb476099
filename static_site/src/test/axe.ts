/**
 * axe-core on a rendered component, in happy-dom. Rules that need a real layout engine
 * (colour contrast, target size) or a whole page (landmarks) are left to the browser tests,
 * which run axe on every screen in Chromium (tests/e2e/test_web_shell.py).
 */
import axe from 'axe-core';

const NEEDS_A_BROWSER_OR_A_PAGE = ['color-contrast', 'target-size', 'region', 'landmark-one-main', 'page-has-heading-one'];

/** The accessibility violations inside `root`, one line each: rule, then the offending elements. */
export async function axeViolations(root: Element): Promise<string[]> {
  const results = await axe.run(root, {
    resultTypes: ['violations'],
    // happy-dom cannot run axe inside frames (the mail view's sandboxed frame); Chromium can.
    iframes: false,
    rules: Object.fromEntries(NEEDS_A_BROWSER_OR_A_PAGE.map((rule) => [rule, { enabled: false }])),
  });
  return results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}
