import type { ReactNode } from 'react';

interface Props {
  testId: string;
  icon: string;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}

/** An honest empty state: what will be here, and the first thing to do. */
export function EmptyState({ testId, icon, title, children, actions }: Props) {
  return (
    <div className="empty" data-testid={testId}>
      <div className="icon" aria-hidden="true">
        {icon}
      </div>
      <h2>{title}</h2>
      {children}
      {actions ? <div className="actions">{actions}</div> : null}
    </div>
  );
}
