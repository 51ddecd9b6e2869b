/** The code lab's core as other parts of the app use it (the CLI's isolated child runs the Python harness). */
export { PYTHON_HARNESS_SOURCE } from './python-harness';
