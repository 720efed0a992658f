// The format reference as React elements: the shared markdown renderer in document mode
// (anchored headings, in-document links that scroll), so the app has one markdown renderer.
import { Markdown } from '../shared/Markdown';

export function DocMarkdown({ source }: { source: string }) {
  return <Markdown source={source} className="doc" document />;
}
