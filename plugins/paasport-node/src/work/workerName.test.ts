import { workerName } from './workerName';

describe('workerName', () => {
  it('names the role and the host, and tells two processes apart', () => {
    const a = workerName('processor');
    const b = workerName('processor');
    expect(a).toMatch(/^processor@[A-Za-z0-9.-]+#[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(
      workerName('a-very-long-role-name-indeed').length,
    ).toBeLessThanOrEqual(64);
  });
});
