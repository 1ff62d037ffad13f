// mocha's --reporter option loads a module and takes its `default` export as the reporter's constructor; this file
// exists only for that (the project otherwise uses named exports).
export { FailureListReporter as default } from './failureListReporter';
