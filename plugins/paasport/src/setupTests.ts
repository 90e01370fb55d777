import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Role queries over MUI pages are slow in jsdom; on a loaded CI machine the
// default one second lets a `findBy` poll only once or twice.
configure({ asyncUtilTimeout: 5000 });
