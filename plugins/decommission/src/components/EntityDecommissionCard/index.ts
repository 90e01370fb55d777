export { EntityDecommissionCard } from './EntityDecommissionCard';
