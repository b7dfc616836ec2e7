// Only the list streams behind a loading state. A client page must decide "not
// found" before anything is sent, or the 404 would go out as a 200.
export { default } from '@/app/_components/loading-state';
