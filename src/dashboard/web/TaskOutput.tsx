import { useEffect, useRef, useState } from 'preact/hooks';
import { TaskFileDocument } from '../../client/generated/graphql.ts';
import { problemOf, type Problem } from './actions.ts';
import { request } from './api.ts';
import { useEvents } from './live.ts';
import { ProblemNote } from './ProblemNote.tsx';

export type OutputFile = 'stdout' | 'stderr';
export type ShowOutput = (taskId: string, file: OutputFile) => void;

// The tail first; then what the task writes, read on from where the last read
// ended, when its events come or the operator asks.
const tailBytes = 64 * 1024;

/** A task's stdout or stderr, read from its sandbox through its agent. */
export function TaskOutput({ taskId, file, onFile, onClose }: { taskId: string; file: OutputFile; onFile: (file: OutputFile) => void; onClose: () => void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const [loading, setLoading] = useState(false);
  const nextOffset = useRef<number | undefined>(undefined);
  const shown = useRef(`${taskId}/${file}`);

  const read = async () => {
    const reading = `${taskId}/${file}`;
    setLoading(true);
    try {
      const offset = nextOffset.current ?? -tailBytes;
      const answer = await request(TaskFileDocument, { taskId, path: file, offset, length: tailBytes });
      if (shown.current !== reading) return;
      const found = problemOf(answer);
      setProblem(found);
      if (answer.taskFile.__typename === 'TaskFileSuccess') {
        const chunk = answer.taskFile.data;
        setText((before) => (nextOffset.current === undefined ? chunk.text : before + chunk.text));
        nextOffset.current = chunk.nextOffset;
      }
    } catch (error) {
      if (shown.current === reading) setProblem({ message: (error as Error).message });
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    shown.current = `${taskId}/${file}`;
    nextOffset.current = undefined;
    setText('');
    setProblem(undefined);
    void read();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [taskId, file]);

  // A change of the task (it started, failed, was killed) usually comes with output.
  useEvents((event) => {
    if (event?.subject === taskId) void read();
  });

  return (
    <section class="panel output" aria-labelledby="output-title" data-task-id={taskId}>
      <h2 id="output-title">
        <span class="mono">{file}</span> of <span class="mono">{taskId}</span>
      </h2>
      <div class="output-bar">
        {(['stdout', 'stderr'] as const).map((name) => (
          <button type="button" key={name} class={name === file ? 'small selected' : 'small'} aria-pressed={name === file} onClick={() => onFile(name)}>
            {name}
          </button>
        ))}
        <button type="button" class="small" disabled={loading} onClick={() => void read()}>
          Read on
        </button>
        <button type="button" class="small" onClick={onClose}>
          Close
        </button>
      </div>
      <ProblemNote problem={problem} />
      <pre class="output-text" role="log" aria-label={`${file} of ${taskId}`}>
        {text || (loading ? 'reading…' : problem ? '' : '(empty)')}
      </pre>
    </section>
  );
}
