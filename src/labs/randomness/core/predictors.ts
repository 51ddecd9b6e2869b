/**
 * @deprecated Import the randomness core's index ('…/randomness/core') instead. Kept until the
 * code lab's imports move there.
 */
export * from './index';
