import { bindingStateDisplay, requestStateDisplay } from './states';

describe('requestStateDisplay', () => {
  it('names known states and passes unknown ones through', () => {
    expect(requestStateDisplay('awaiting_approval')).toEqual({
      label: 'Awaiting approval',
      kind: 'pending',
    });
    expect(requestStateDisplay('ready').kind).toBe('ok');
    expect(requestStateDisplay('failed').kind).toBe('error');
    expect(requestStateDisplay('hibernating')).toEqual({
      label: 'hibernating',
      kind: 'pending',
    });
  });
});

describe('bindingStateDisplay', () => {
  it('shows bindings in their own words and passes unknown ones through', () => {
    expect(bindingStateDisplay('pending')).toEqual({
      label: 'Binding',
      kind: 'running',
    });
    expect(bindingStateDisplay('deleted').label).toBe('Removed');
    expect(bindingStateDisplay('something_new')).toEqual({
      label: 'something_new',
      kind: 'pending',
    });
  });
});
