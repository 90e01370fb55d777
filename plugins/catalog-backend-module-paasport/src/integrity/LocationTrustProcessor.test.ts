import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { LocationTrustProcessor } from './LocationTrustProcessor';

const registered = {
  type: 'url',
  target: 'https://git.example.com/attacker/repo/blob/main/catalog-info.yaml',
};
const registeredRef = `url:${registered.target}`;

const fromRegistration = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': registeredRef,
      'backstage.io/managed-by-origin-location': registeredRef,
    },
  },
  spec: {},
});

function processorFor(data: object) {
  return LocationTrustProcessor.fromConfig(new ConfigReader(data), {
    logger: mockServices.logger.mock(),
  });
}

const preProcess = (processor: LocationTrustProcessor, entity: Entity) =>
  processor.preProcessEntity(entity, registered, jest.fn());

describe('LocationTrustProcessor', () => {
  const processor = processorFor({});

  it('runs first, before placeholders are resolved', () => {
    expect(processor.getProcessorName()).toBe('LocationTrustProcessor');
    expect(processor.getPriority()).toBeLessThan(20);
  });

  it('passes a Component of a registered location unchanged', async () => {
    const component = fromRegistration('Component', 'shop-web');
    await expect(preProcess(processor, component)).resolves.toBe(component);
  });

  it('throws an InputError for a Group of a registered location', async () => {
    await expect(
      preProcess(processor, fromRegistration('Group', 'payments')),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /^Group group:default\/payments is rejected: it comes from url:https:\/\/git\.example\.com\/attacker\/repo\/blob\/main\/catalog-info\.yaml, which is not a trusted catalog location/,
      ),
    });
  });

  it('passes a Group once its origin is in paasport.catalog.trustedLocations', async () => {
    const trusting = processorFor({
      paasport: {
        catalog: {
          trustedLocations: ['url:https://git.example.com/attacker/*'],
        },
      },
    });
    const group = fromRegistration('Group', 'payments');
    await expect(preProcess(trusting, group)).resolves.toBe(group);
  });

  it('follows config reloads and keeps the last valid trust', async () => {
    let listener: (() => void) | undefined;
    let data: object = {};
    const config = new ConfigReader({});
    Object.assign(config, {
      getOptional: (key: string) => new ConfigReader(data).getOptional(key),
      getOptionalConfigArray: (key: string) =>
        new ConfigReader(data).getOptionalConfigArray(key),
      subscribe: (onChange: () => void) => {
        listener = onChange;
        return { unsubscribe: () => {} };
      },
    });
    const logger = mockServices.logger.mock();
    const reloading = LocationTrustProcessor.fromConfig(config, { logger });
    const group = fromRegistration('Group', 'payments');
    await expect(preProcess(reloading, group)).rejects.toThrow(/rejected/);

    data = { catalog: { locations: [registered] } };
    listener!();
    await expect(preProcess(reloading, group)).resolves.toBe(group);

    data = { paasport: { catalog: { trustedLocations: ['url:'] } } };
    listener!();
    await expect(preProcess(reloading, group)).resolves.toBe(group);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(/^Kept the previous trusted catalog locations: /),
    );
  });
});
