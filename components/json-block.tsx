import { prettyJson } from "./format";

/** Pretty JSON when parseable, the raw text otherwise. */
export function JsonBlock({ text, testId }: { text: string; testId?: string }) {
  const pretty = prettyJson(text);
  return (
    <div>
      {pretty === null && text !== "" ? (
        <p className="mb-1 text-xs text-amber-700">Not valid JSON — shown as raw text.</p>
      ) : null}
      <pre
        data-testid={testId}
        className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100"
      >
        {text === "" ? "(empty body)" : (pretty ?? text)}
      </pre>
    </div>
  );
}
