// A PDF the engine sent as base64 (a signed report, a paper checklist), offered as a download.
import { useEffect, useMemo } from 'react';

/** A blob: URL for the PDF while it is shown; released when it goes. */
export function usePdfUrl(base64: string | undefined): string | undefined {
  const url = useMemo(() => {
    if (!base64) return undefined;
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  }, [base64]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return url;
}
