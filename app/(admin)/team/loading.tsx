export { default } from '@/app/_components/loading-state';
