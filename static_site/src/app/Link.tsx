import type { ComponentChildren } from 'preact';
import { isPlainLeftClick, navigate } from './router';

interface LinkProps {
  readonly href: string;
  readonly children: ComponentChildren;
  readonly current?: boolean;
  /** A class for the link, e.g. `button` for a call to action. */
  readonly class?: string;
}

/** An ordinary link that changes screen without reloading the page. */
export function Link({ href, children, current = false, class: className }: LinkProps) {
  const onClick = (event: MouseEvent): void => {
    if (isPlainLeftClick(event)) {
      event.preventDefault();
      navigate(href);
    }
  };
  return (
    <a href={href} class={className} aria-current={current ? 'page' : undefined} onClick={onClick}>
      {children}
    </a>
  );
}
