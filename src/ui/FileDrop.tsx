/**
 * Drop a file here or choose one with the button (keyboard users use the button). Only the File
 * handle is passed on: reading it is the worker's job, in chunks.
 */
import { useId, useRef, useState } from 'react';

interface FileDropProps {
  label: string;
  onFile: (file: File) => void;
  hint?: string;
}

export function FileDrop({ label, onFile, hint }: FileDropProps) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <div
      className={`file-drop${over ? ' file-drop--over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const file = event.dataTransfer.files[0];
        if (file) onFile(file);
      }}
    >
      <label htmlFor={inputId} className="button">
        {label}
      </label>
      <input
        ref={input}
        id={inputId}
        type="file"
        className="visually-hidden"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
          event.target.value = '';
        }}
      />
      <span className="file-drop__hint">{hint ?? 'or drop a file here'}</span>
    </div>
  );
}
