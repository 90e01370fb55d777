import { z } from 'zod';
import { parameterSchemas } from './service/parameters';

/**
 * What the broker offers. Identifiers are fixed GUIDs: the OSB spec makes `id`
 * the only immutable key platforms use to recognise a service or plan, so they
 * must never change between releases.
 */

/** Limits of a plan that the engines enforce. @public */
export interface PlanLimits {
  /** MySQL: `MAX_USER_CONNECTIONS` of every bound user. */
  maxConnections: number;
  /** Advertised storage size in MiB (shared servers cannot enforce it). */
  sizeMb: number;
}

/** A plan of a broker service. @public */
export interface BrokerPlan {
  id: string;
  name: string;
  description: string;
  limits: PlanLimits;
}

/** The engines the broker can drive. @public */
export type EngineKind = 'mysql' | 'redis';

/** A service offering of the broker. @public */
export interface BrokerService {
  id: string;
  name: string;
  description: string;
  engine: EngineKind;
  tags: string[];
  plans: BrokerPlan[];
}

/** The broker's catalog. @public */
export const brokerCatalog: BrokerService[] = [
  {
    id: '3f1f5bde-0b7e-4b8e-9d1c-7a3f5e2c9a01',
    name: 'mysql-shared',
    description: 'A database on a shared MySQL/MariaDB server',
    engine: 'mysql',
    tags: ['mysql', 'relational', 'shared'],
    plans: [
      {
        id: '9a6c0e52-51e4-4a43-8f0b-2f4f1c3d7b11',
        name: 'small',
        description: '1 GiB, 10 connections per binding',
        limits: { maxConnections: 10, sizeMb: 1024 },
      },
      {
        id: '9a6c0e52-51e4-4a43-8f0b-2f4f1c3d7b12',
        name: 'medium',
        description: '10 GiB, 50 connections per binding',
        limits: { maxConnections: 50, sizeMb: 10240 },
      },
    ],
  },
  {
    id: '5b2d8f0e-7c1a-4f3b-a6e9-1d4c8b7a2e02',
    name: 'redis-shared',
    description: 'A key prefix on a shared Redis server',
    engine: 'redis',
    tags: ['redis', 'key-value', 'caching', 'shared'],
    plans: [
      {
        id: 'c4e7a1b3-2d5f-4e8a-9b0c-6f1d3a5e7c21',
        name: 'small',
        description: '256 MiB of keys under one prefix',
        limits: { maxConnections: 20, sizeMb: 256 },
      },
      {
        id: 'c4e7a1b3-2d5f-4e8a-9b0c-6f1d3a5e7c22',
        name: 'medium',
        description: '1 GiB of keys under one prefix',
        limits: { maxConnections: 100, sizeMb: 1024 },
      },
    ],
  },
];

/** Finds a service and plan by their ids. @public */
export function findPlan(
  serviceId: string,
  planId: string,
): { service: BrokerService; plan: BrokerPlan } | undefined {
  const service = brokerCatalog.find(s => s.id === serviceId);
  const plan = service?.plans.find(p => p.id === planId);
  return service && plan ? { service, plan } : undefined;
}

/** The `GET /v2/catalog` body. @public */
export function catalogResponse() {
  return {
    services: brokerCatalog.map(service => ({
      id: service.id,
      name: service.name,
      description: service.description,
      tags: service.tags,
      bindable: true,
      instances_retrievable: true,
      bindings_retrievable: true,
      plan_updateable: false,
      metadata: { displayName: service.name },
      plans: service.plans.map(plan => ({
        id: plan.id,
        name: plan.name,
        description: plan.description,
        free: true,
        bindable: true,
        // Provisioning a shared database takes seconds; a platform that polls longer is stuck.
        maximum_polling_duration: 600,
        metadata: { ...plan.limits },
        schemas: {
          service_instance: {
            create: {
              parameters: z.toJSONSchema(parameterSchemas[service.engine]),
            },
          },
        },
      })),
    })),
  };
}
