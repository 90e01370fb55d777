/** What a service method answers; the router sends it as it is. @public */
export interface OsbResponse {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** A validated provision request body. @public */
export interface ProvisionRequest {
  service_id: string;
  plan_id: string;
  parameters?: Record<string, unknown>;
  context?: Record<string, unknown>;
  maintenance_info?: { version?: string };
}

/** A validated bind request body. @public */
export interface BindRequest {
  service_id: string;
  plan_id: string;
  parameters?: Record<string, unknown>;
  bind_resource?: Record<string, unknown>;
  app_guid?: string;
  context?: Record<string, unknown>;
}

/** `service_id` and `plan_id` of delete requests, required by the spec. @public */
export interface DeleteQuery {
  service_id: string;
  plan_id: string;
  accepts_incomplete: boolean;
}
