import type { ComponentChildren } from 'preact';

interface EmptyStateProps {
  readonly title: string;
  readonly body?: string;
  /** What the person can do about it, such as a "New invoice" button. */
  readonly action?: ComponentChildren;
}

/** Says there is nothing here yet, and what to do about it. */
export function EmptyState({ title, body, action }: EmptyStateProps) {
  return (
    <div class="empty-state">
      <p class="empty-state__title">{title}</p>
      {body !== undefined && <p class="empty-state__body">{body}</p>}
      {action}
    </div>
  );
}

interface SkeletonProps {
  /** Read out instead of the grey bars, which assistive technology skips. */
  readonly label: string;
  readonly lines?: number;
}

/**
 * Grey bars in the shape of content still loading, so the screen does not jump when it
 * arrives; screen readers hear the label once. The shimmer stops for reduced motion.
 */
export function Skeleton({ label, lines = 3 }: SkeletonProps) {
  return (
    <div class="skeleton" role="status">
      <span class="visually-hidden">{label}</span>
      {Array.from({ length: lines }, (_, index) => (
        <span key={index} class="skeleton__line" aria-hidden="true" />
      ))}
    </div>
  );
}
