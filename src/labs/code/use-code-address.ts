/**
 * The code lab's address sync: the learner's code lives in the address (compressed), so a link
 * reopens the lab with it. The code comes from the link if it carries some, else from the preset;
 * edits are written back shortly after typing stops (dropping the old report); a link that does not
 * decode says so and shows the preset, and code too long for a link leaves the preset in it.
 */
import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { MAX_PARAM_LENGTH } from '../../core/route';
import { LabContext, useLabParam } from '../../ui/lab-context';
import type { Preset, PresetId } from './core/presets';
import { decodeCode, encodeCode } from './core/share';
import { CODE } from './lab';

/** Edits reach the address this long after the last keystroke. */
const WRITE_PAUSE_MS = 400;

export interface CodeAddress {
  /** The code in the editor. */
  source: string;
  onEdit: (text: string) => void;
  /** Another preset: its code, with the link's code and report dropped. */
  choosePreset: (id: PresetId) => void;
  /** The code a run should take now (a guided step may have just changed the preset). */
  codeToRun: () => string;
  linkError: string | null;
  linkTooLong: boolean;
}

export function useCodeAddress(preset: Preset, setPresetId: (id: PresetId) => void): CodeAddress {
  const { setParams } = useContext(LabContext);
  const [codeParam] = useLabParam(CODE, 'code');
  const [source, setSource] = useState(preset.code);
  const [linkError, setLinkError] = useState<string | null>(null);
  const [linkTooLong, setLinkTooLong] = useState(false);
  /** What this panel last wrote into the address (null: nothing since the address changed). */
  const written = useRef<string | null>(null);

  useEffect(() => {
    if (codeParam === written.current) return;
    written.current = null;
    if (codeParam === '') {
      setSource(preset.code);
      setLinkError(null);
      return;
    }
    let live = true;
    void decodeCode(codeParam).then((decoded) => {
      if (!live) return;
      if (decoded.ok) {
        setSource(decoded.value);
        setLinkError(null);
      } else {
        setSource(preset.code);
        setLinkError(`${decoded.error.message} The preset is shown instead.`);
      }
    });
    return () => {
      live = false;
    };
  }, [codeParam, preset.code]);

  const pendingWrite = useRef(0);
  useEffect(() => () => window.clearTimeout(pendingWrite.current), []);
  const onEdit = useCallback(
    (text: string) => {
      setSource(text);
      window.clearTimeout(pendingWrite.current);
      pendingWrite.current = window.setTimeout(() => {
        void (async () => {
          const encoded = text === preset.code ? '' : await encodeCode(text);
          const tooLong = encoded.length > MAX_PARAM_LENGTH;
          setLinkTooLong(tooLong);
          written.current = tooLong ? '' : encoded;
          setParams({ code: tooLong || encoded === '' ? undefined : encoded, report: undefined });
        })();
      }, WRITE_PAUSE_MS);
    },
    [preset.code, setParams],
  );

  const choosePreset = useCallback(
    (id: PresetId) => {
      window.clearTimeout(pendingWrite.current);
      written.current = null;
      setParams({
        preset: id === CODE.params.preset.default ? undefined : id,
        code: undefined,
        report: undefined,
      });
      setPresetId(id);
    },
    [setParams, setPresetId],
  );

  const codeToRun = useCallback(
    () => (codeParam === '' && written.current === null ? preset.code : source),
    [codeParam, preset.code, source],
  );

  return { source, onEdit, choosePreset, codeToRun, linkError, linkTooLong };
}
