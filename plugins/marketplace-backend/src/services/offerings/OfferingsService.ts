import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  MarketplaceOffering,
  MarketplacePlan,
} from '@paasport/plugin-marketplace-common';
import Ajv, { ValidateFunction } from 'ajv';
import { defaultOfferings, OfferingConfig, PlanConfig } from './defaults';

/** A plan with its offering and compiled parameter validator. */
export interface ResolvedPlan {
  offering: OfferingConfig;
  plan: PlanConfig;
  /** Returns the parameters with schema defaults applied; throws InputError. */
  validate(parameters: unknown): JsonObject;
}

function readOffering(c: Config): OfferingConfig {
  const parametersSchema = (c.getOptional<JsonObject>('parametersSchema') ?? {
    type: 'object',
    additionalProperties: false,
  }) as JsonObject;
  return {
    id: c.getString('id'),
    title: c.getString('title'),
    description: c.getOptionalString('description'),
    parametersSchema,
    plans: c.getConfigArray('plans').map(p => ({
      id: p.getString('id'),
      title: p.getString('title'),
      description: p.getOptionalString('description'),
      sizeGb: p.getNumber('sizeGb'),
      ha: p.getOptionalBoolean('ha') ?? false,
      requiresApproval: p.getOptionalBoolean('requiresApproval') ?? false,
      provider: p.getString('provider'),
      providerOptions: (p.getOptional<JsonObject>('providerOptions') ??
        {}) as JsonObject,
      parametersSchema: p.getOptional<JsonObject>('parametersSchema'),
    })),
  };
}

/**
 * The offerings and plans from `marketplace.offerings` (or the defaults),
 * with their JSON schemas compiled once at start-up: a broken schema stops
 * the plugin instead of failing requests later.
 */
export class OfferingsService {
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(private readonly offerings: OfferingConfig[]) {
    // useDefaults fills in schema defaults, so stored parameters are complete.
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
    const ids = new Set<string>();
    for (const offering of offerings) {
      for (const plan of offering.plans) {
        const key = `${offering.id}/${plan.id}`;
        if (ids.has(key)) throw new Error(`Duplicate marketplace plan ${key}`);
        ids.add(key);
        this.validators.set(
          key,
          ajv.compile(plan.parametersSchema ?? offering.parametersSchema),
        );
      }
    }
  }

  static fromConfig(config: Config): OfferingsService {
    const configured = config.getOptionalConfigArray('marketplace.offerings');
    return new OfferingsService(
      configured ? configured.map(readOffering) : defaultOfferings,
    );
  }

  static fromOfferings(offerings: OfferingConfig[]): OfferingsService {
    return new OfferingsService(offerings);
  }

  /** The offerings as users see them; `available` tells which back ends exist. */
  list(isAvailable: (provider: string) => boolean): MarketplaceOffering[] {
    return this.offerings.map(offering => ({
      id: offering.id,
      title: offering.title,
      ...(offering.description ? { description: offering.description } : {}),
      plans: offering.plans.map(
        (plan): MarketplacePlan => ({
          id: plan.id,
          title: plan.title,
          ...(plan.description ? { description: plan.description } : {}),
          sizeGb: plan.sizeGb,
          ha: plan.ha,
          requiresApproval: plan.requiresApproval,
          provider: plan.provider,
          available: isAvailable(plan.provider),
          parametersSchema: plan.parametersSchema ?? offering.parametersSchema,
        }),
      ),
    }));
  }

  /** Finds a plan; throws InputError for unknown ids. */
  resolve(offeringId: string, planId: string): ResolvedPlan {
    const offering = this.offerings.find(o => o.id === offeringId);
    if (!offering) throw new InputError(`Unknown offering '${offeringId}'`);
    const plan = offering.plans.find(p => p.id === planId);
    if (!plan) {
      throw new InputError(`Offering '${offeringId}' has no plan '${planId}'`);
    }
    const validator = this.validators.get(`${offering.id}/${plan.id}`)!;
    return {
      offering,
      plan,
      validate(parameters) {
        const copy = structuredClone(parameters ?? {});
        if (!validator(copy)) {
          const problems = (validator.errors ?? [])
            .map(e => `${e.instancePath || '(parameters)'} ${e.message}`)
            .join('; ');
          throw new InputError(`Invalid parameters: ${problems}`);
        }
        return copy as JsonObject;
      },
    };
  }
}
