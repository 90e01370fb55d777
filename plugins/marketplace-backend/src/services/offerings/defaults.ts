import { JsonObject } from '@backstage/types';

/** A plan as configured. */
export interface PlanConfig {
  id: string;
  title: string;
  description?: string;
  sizeGb: number;
  ha: boolean;
  requiresApproval: boolean;
  provider: string;
  providerOptions: JsonObject;
  parametersSchema?: JsonObject;
}

/** An offering as configured. */
export interface OfferingConfig {
  id: string;
  title: string;
  description?: string;
  parametersSchema: JsonObject;
  plans: PlanConfig[];
}

const noParameters: JsonObject = {
  type: 'object',
  additionalProperties: false,
  properties: {},
};

/**
 * What the marketplace offers when `marketplace.offerings` is not configured:
 * shared MySQL and Redis through the Paasport broker, dedicated clusters
 * through operators (available once a provider for them is installed).
 */
export const defaultOfferings: OfferingConfig[] = [
  {
    id: 'mysql',
    title: 'MySQL',
    description: 'A MySQL database for your application',
    parametersSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        charset: {
          type: 'string',
          enum: ['utf8mb4', 'latin1'],
          default: 'utf8mb4',
          title: 'Character set',
        },
      },
    },
    plans: [
      {
        id: 'small',
        title: 'Small (shared)',
        description: '1 GiB on the shared server',
        sizeGb: 1,
        ha: false,
        requiresApproval: false,
        provider: 'osb:shared',
        providerOptions: { service: 'mysql-shared', plan: 'small' },
      },
      {
        id: 'medium',
        title: 'Medium (shared)',
        description: '10 GiB on the shared server',
        sizeGb: 10,
        ha: false,
        requiresApproval: false,
        provider: 'osb:shared',
        providerOptions: { service: 'mysql-shared', plan: 'medium' },
      },
      {
        id: 'ha',
        title: 'Dedicated, highly available',
        description: 'A three-node cluster of your own, 50 GiB',
        sizeGb: 50,
        ha: true,
        requiresApproval: true,
        provider: 'operator:mariadb',
        providerOptions: { replicas: 3 },
      },
    ],
  },
  {
    id: 'redis',
    title: 'Redis',
    description: 'A Redis key space for caching and queues',
    parametersSchema: noParameters,
    plans: [
      {
        id: 'small',
        title: 'Small (shared)',
        description: '256 MiB of keys on the shared server',
        sizeGb: 0.25,
        ha: false,
        requiresApproval: false,
        provider: 'osb:shared',
        providerOptions: { service: 'redis-shared', plan: 'small' },
      },
      {
        id: 'medium',
        title: 'Medium (shared)',
        description: '1 GiB of keys on the shared server',
        sizeGb: 1,
        ha: false,
        requiresApproval: true,
        provider: 'osb:shared',
        providerOptions: { service: 'redis-shared', plan: 'medium' },
      },
    ],
  },
  {
    id: 'kafka',
    title: 'Kafka',
    description: 'A Kafka cluster with topics and users of its own',
    parametersSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        partitions: { type: 'integer', minimum: 1, maximum: 48, default: 3 },
        retentionHours: {
          type: 'integer',
          minimum: 1,
          maximum: 720,
          default: 168,
        },
      },
    },
    plans: [
      {
        id: 'standard',
        title: 'Standard, highly available',
        description: 'Three brokers, 20 GiB each',
        sizeGb: 60,
        ha: true,
        requiresApproval: true,
        provider: 'operator:strimzi',
        providerOptions: { replicas: 3 },
      },
    ],
  },
];
