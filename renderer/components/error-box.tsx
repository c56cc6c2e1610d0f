import type { ShownError } from '../stores/errors';

const LABEL: Record<ShownError['kind'], string> = {
  UserError: 'Please check',
  OperationalError: 'The environment failed',
  UnexpectedError: 'Something went wrong in Nodebook',
};

export function ErrorBox({ error, onDismiss }: { error: ShownError; onDismiss?: () => void }) {
  return (
    <div className="error-box" role="alert" data-testid="error-box">
      <strong>{LABEL[error.kind]}:</strong> {error.message}
      {onDismiss ? (
        <>
          {' '}
          <button className="link" onClick={onDismiss}>
            Dismiss
          </button>
        </>
      ) : null}
    </div>
  );
}
