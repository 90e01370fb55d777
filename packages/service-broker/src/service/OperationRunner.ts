import { findPlan } from '../catalog';
import { EngineKind, ServiceEngine } from '../engines/types';
import { Logger } from '../logger';
import { BrokerStore, InstanceRow } from '../store/BrokerStore';
import { naming } from './naming';

/**
 * Runs asynchronous provision and deprovision operations in the background
 * and records their outcome for `last_operation`.
 *
 * @public
 */
export class OperationRunner {
  /** Operations started or waiting, by instance; each settles when done. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly waiting: Array<() => void> = [];
  private active = 0;

  constructor(
    private readonly store: BrokerStore,
    private readonly engines: Record<EngineKind, ServiceEngine>,
    private readonly logger: Logger,
    /**
     * Operations run at once. Bounded so a burst of provisions cannot take
     * every database connection from the HTTP handlers.
     */
    private readonly concurrency = 4,
  ) {}

  /** Starts the current operation of an instance unless it is already running. */
  start(instanceId: string): void {
    if (this.running.has(instanceId)) {
      return;
    }
    const task = this.slot()
      .then(() => this.execute(instanceId))
      .finally(() => {
        this.running.delete(instanceId);
        this.active--;
        this.waiting.shift()?.();
      });
    this.running.set(instanceId, task);
  }

  private slot(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise(resolve =>
      this.waiting.push(() => {
        this.active++;
        resolve();
      }),
    );
  }

  /** Whether an operation on the instance is running in this process. */
  isRunning(instanceId: string): boolean {
    return this.running.has(instanceId);
  }

  /**
   * Restarts operations that a previous process left unfinished; every engine
   * step is idempotent, so re-running one from the start is safe.
   */
  async resumeUnfinished(): Promise<number> {
    const rows = await this.store.listUnfinished();
    rows.forEach(row => this.start(row.instance_id));
    return rows.length;
  }

  /** Waits until no operation is running (shutdown and tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.allSettled([...this.running.values()]);
    }
  }

  private async execute(instanceId: string): Promise<void> {
    const row = await this.store.getInstance(instanceId);
    if (!row?.operation_id) {
      return;
    }
    if (row.state === 'provisioning') {
      await this.attempt(row, 'ready', 'Provisioned', async engine => {
        await engine.provision(row.resource_name, JSON.parse(row.parameters));
      });
    } else if (row.state === 'deprovisioning') {
      await this.attempt(row, 'deleted', 'Deprovisioned', async engine => {
        await engine.deprovision(
          row.resource_name,
          naming.userPrefix(row.instance_id),
        );
      });
    }
  }

  private async attempt(
    row: InstanceRow,
    success: 'ready' | 'deleted',
    description: string,
    work: (engine: ServiceEngine) => Promise<void>,
  ) {
    const operationId = row.operation_id!;
    try {
      const found = findPlan(row.service_id, row.plan_id);
      if (!found) {
        throw new Error(`Plan ${row.plan_id} is no longer in the catalog`);
      }
      await work(this.engines[found.service.engine]);
      await this.store.finishOperation(
        row.instance_id,
        operationId,
        { state: 'succeeded', description },
        success,
      );
      this.logger.info(`${description} instance ${row.instance_id}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(
        `Operation ${operationId} on instance ${row.instance_id} failed: ${message}`,
      );
      // A failed deprovision leaves the instance in an unknown shape; 'failed'
      // tells platforms not to bind and lets them retry the DELETE.
      const verb = success === 'ready' ? 'Provisioning' : 'Deprovisioning';
      await this.store.finishOperation(
        row.instance_id,
        operationId,
        {
          state: 'failed',
          description: `${verb} failed: ${message}`.slice(0, 1000),
        },
        'failed',
      );
    }
  }
}
