// Where canaries live between ticks: the state, its verdicts and its history.

export * from './CanaryStore';
