export { BindingList } from './BindingList';
