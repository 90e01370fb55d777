import request from 'supertest';
import express from 'express';
import { brokerCatalog } from '../catalog';
import { BROKER_PASSWORD, BROKER_USER } from './services';

export const mysqlService = brokerCatalog[0];
export const redisService = brokerCatalog[1];

/** supertest with the headers every OSB request carries. */
export function osb(app: express.Express | string) {
  const agent = request(app);
  const auth = `Basic ${Buffer.from(
    `${BROKER_USER}:${BROKER_PASSWORD}`,
  ).toString('base64')}`;
  const withHeaders = (test: request.Test) =>
    test.set('Authorization', auth).set('X-Broker-API-Version', '2.17');
  return {
    get: (path: string) => withHeaders(agent.get(path)),
    put: (path: string) => withHeaders(agent.put(path)),
    delete: (path: string) => withHeaders(agent.delete(path)),
  };
}

export function planIds(service: typeof mysqlService, plan = 0) {
  return { service_id: service.id, plan_id: service.plans[plan].id };
}

export function deleteQuery(service: typeof mysqlService, plan = 0) {
  const ids = planIds(service, plan);
  return `service_id=${ids.service_id}&plan_id=${ids.plan_id}&accepts_incomplete=true`;
}
