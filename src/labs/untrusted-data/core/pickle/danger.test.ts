import { describe, expect, it } from 'vitest';
import { classifyCallable, dangerRules, valueBuilders } from './danger';

describe('the verdict rule for a callable', () => {
  it('calls dangerous every name the issue found merely "calls", each with its reason', () => {
    const names = [
      '_operator.methodcaller',
      '_operator.attrgetter',
      '_operator.getitem',
      'uuid._get_command_stdout',
      '_aix_support._read_cmd_output',
      '_osx_support._find_build_tool',
      'distutils.file_util.write_file',
      'imaplib.IMAP4',
      'poplib.POP3',
      'nntplib.NNTP',
      '_interpreters.create',
      '_xxsubinterpreters.create',
      'pickle.loads',
      '_pickle.loads',
      'marshal.loads',
      'torch.load',
      'torch.storage._load_from_bytes',
      'numpy.load',
      'yaml.unsafe_load',
      'numpy.f2py.crackfortran.getlincoef',
      'numpy.testing._private.utils.runstring',
    ];
    for (const name of names) {
      const found = classifyCallable(name);
      expect(found.category, name).toBe('dangerous');
      expect(found.reason, name).toMatch(/\w{4}/);
    }
    expect(classifyCallable('_operator.methodcaller')).toEqual(
      classifyCallable('operator.methodcaller'),
    );
    expect(classifyCallable('pickle.loads').reason).toMatch(/another pickle/);
  });

  it('allows only the value builders, and calls everything else at least "other"', () => {
    for (const name of valueBuilders())
      expect(classifyCallable(name).category, name).toBe('constructor');
    expect(classifyCallable('_codecs.encode').category).toBe('constructor');
    for (const name of [
      'builtins.len',
      'numpy.core.multiarray._reconstruct',
      'mypkg.tasks.cleanup',
      'operator.add',
    ])
      expect(classifyCallable(name).category, name).toBe('other');
  });

  it('sees a dangerous name through a protocol 4 dotted path', () => {
    expect(classifyCallable('pathlib.os.system')).toMatchObject({
      category: 'dangerous',
      reason: expect.stringMatching(/reached through pathlib/),
    });
  });

  it('writes a reason for every named danger', () => {
    const rules = dangerRules();
    expect(rules.length).toBeGreaterThan(90);
    for (const { name, reason } of rules) expect(reason.length, name).toBeGreaterThan(8);
  });
});
