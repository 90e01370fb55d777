import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Role queries over MUI pages are slow in jsdom; on a loaded CI machine the
// default one second lets a `findBy` poll only once or twice.
configure({ asyncUtilTimeout: 5000 });

// Well above the query timeout, so a missing element fails with its own
// message rather than a bare test timeout; wizard and dialog tests click
// through many MUI inputs, which takes tens of seconds on a busy machine.
jest.setTimeout(60_000);
