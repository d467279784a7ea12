// Small inline SVG icons shipped with the client, so no screen depends on an
// emoji font (a machine without one showed empty boxes). Decorative: the
// text next to an icon says what it means.
const paths = {
  pin: 'M14 3l7 7-3 1-4 4 1 5-2 1-4-5-5 5-1-1 5-5-5-4 1-2 5 1 4-4z',
  timer: 'M9 2h6v2H9zM12 6a8 8 0 1 0 0 16 8 8 0 0 0 0-16zm0 2a6 6 0 1 1 0 12 6 6 0 0 1 0-12zm-1 2v5l4 2 .8-1.6-2.8-1.4V10z',
  megaphone: 'M3 10v4h3l6 4V6L6 10zm11-3v10c2.5-.8 4-2.8 4-5s-1.5-4.2-4-5zm5-3v2c2.3 1.1 3 3.5 3 6s-.7 4.9-3 6v2c3.4-1.3 5-4.5 5-8s-1.6-6.7-5-8z',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg class={`icon icon-${name}`} viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="currentColor" />
    </svg>
  );
}
