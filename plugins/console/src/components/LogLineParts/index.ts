export { LogTime } from './LogTime';
export { useLevelStyles } from './levelStyles';
export { podColour } from './podColour';
