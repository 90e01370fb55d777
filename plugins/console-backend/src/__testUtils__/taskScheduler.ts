import {
  coreServices,
  createServiceFactory,
  SchedulerService,
  SchedulerServiceTaskFunction,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';

/**
 * A scheduler for tests that run a plugin's tasks themselves: it keeps each
 * task's function and runs it on `runTask(id)`, one run at a time per task,
 * as a replica's scheduler would. (The test backend's default scheduler runs
 * nothing by itself.)
 */
export class TaskScheduler {
  private readonly tasks = new Map<string, SchedulerServiceTaskFunction>();
  private readonly running = new Set<string>();

  readonly factory = createServiceFactory({
    service: coreServices.scheduler,
    deps: {},
    factory: (): SchedulerService => {
      const schedule = async (
        task: SchedulerServiceTaskInvocationDefinition,
      ) => {
        this.tasks.set(task.id, task.fn);
      };
      return {
        scheduleTask: schedule,
        createScheduledTaskRunner: () => ({ run: schedule }),
        triggerTask: async id => this.runTask(id),
        getScheduledTasks: async () =>
          [...this.tasks.keys()].map(id => ({
            id,
            scope: 'local' as const,
            settings: { version: 1 },
          })),
        cancelTask: async () => {},
      };
    },
  });

  /** Runs task `id` now, unless its last run is still going. */
  async runTask(id: string): Promise<void> {
    const fn = this.tasks.get(id);
    if (!fn) throw new Error(`No task ${id} was scheduled`);
    if (this.running.has(id)) return;
    this.running.add(id);
    try {
      await fn(new AbortController().signal);
    } finally {
      this.running.delete(id);
    }
  }
}
