import { imageReferenceProblem } from './imageReference';

const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('imageReferenceProblem', () => {
  it.each([
    'nginx:1.27',
    'docker.io/library/nginx:1.27-alpine',
    'ghcr.io/team/shop-api:v2.0.1',
    'localhost:5000/team/app:2024_05.1',
    '[::1]:5000/app:1',
    'registry.example.com:443/a/b/c:x',
    'my.registry/app__name/sub-part:1',
    `app@${digest}`,
    `ghcr.io/team/app:1.2@${digest}`,
  ])('accepts %s', image => {
    expect(imageReferenceProblem(image)).toBeUndefined();
  });

  it.each([
    ['', /not an image reference/],
    ['Team/App:1', /not an image reference/],
    ['app:', /not an image reference/],
    ['app:-bad', /not an image reference/],
    [`app:${'t'.repeat(129)}`, /not an image reference/],
    ['app name:1', /not an image reference/],
    ['app//x:1', /not an image reference/],
    ['app@md5:abc', /not an image reference/],
    ['ghcr.io/team/app', /neither a tag nor a digest/],
    ['localhost:5000/app', /neither a tag nor a digest/],
    [`app@sha256:${'a'.repeat(63)}`, /64 hex digits/],
    [`${'a'.repeat(256)}:1`, /longer than 255/],
  ])('refuses %j', (image, problem) => {
    expect(imageReferenceProblem(image)).toMatch(problem);
  });
});
