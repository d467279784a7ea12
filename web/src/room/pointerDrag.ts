// Dragging a note by its grip with a finger or a pen (pointer events).
// HTML5 drag and drop, which the mouse uses on the whole card, does not
// start from a touch in most mobile browsers. While the finger moves, the
// drop zone under it is marked, the page scrolls when the finger rests near
// the top or bottom of the screen (on a phone the other question is often
// out of sight), and letting go drops the note where a mouse drop would:
// into that zone, before the note under the finger.

/** Pixels from the top or bottom edge where the page scrolls. */
const EDGE = 56;
/** Pixels per frame the page scrolls at an edge. */
const SCROLL_STEP = 14;
/** Pixels a finger may wobble before a touch counts as a drag. */
const SLOP = 8;

export interface DropSpot {
  target: string;
  beforeId: string | null;
}

/** The drop zone (a `[data-drop-target]`) and the note under a screen point. */
export function spotAt(x: number, y: number): { zone: HTMLElement; spot: DropSpot } | null {
  const el = document.elementFromPoint(x, y);
  const zone = el?.closest<HTMLElement>('[data-drop-target]');
  if (!el || !zone?.dataset.dropTarget) return null;
  const before = el.closest<HTMLElement>('[data-note]');
  return { zone, spot: { target: zone.dataset.dropTarget, beforeId: before?.dataset.note ?? null } };
}

/**
 * Starts a drag from the grip's `pointerdown` (touch and pen only: a mouse
 * drags the card itself). `card` is marked while it is dragged.
 */
export function startPointerDrag(e: PointerEvent, card: HTMLElement, onDrop: (spot: DropSpot) => void): void {
  if (e.pointerType === 'mouse' || !e.isPrimary) return;
  e.preventDefault();
  const grip = e.currentTarget as HTMLElement;
  grip.setPointerCapture(e.pointerId);
  const start = { x: e.clientX, y: e.clientY };
  let at = start;
  let moved = false;
  let marked: HTMLElement | null = null;
  let frame = 0;

  const mark = () => {
    const zone = spotAt(at.x, at.y)?.zone ?? null;
    if (zone === marked) return;
    marked?.classList.remove('is-drop-here');
    zone?.classList.add('is-drop-here');
    marked = zone;
  };
  const scroll = () => {
    const dy = at.y < EDGE ? -SCROLL_STEP : at.y > window.innerHeight - EDGE ? SCROLL_STEP : 0;
    if (dy !== 0) {
      window.scrollBy(0, dy);
      mark();
    }
    frame = requestAnimationFrame(scroll);
  };
  const move = (ev: PointerEvent) => {
    if (ev.pointerId !== e.pointerId) return;
    at = { x: ev.clientX, y: ev.clientY };
    if (!moved && Math.hypot(at.x - start.x, at.y - start.y) < SLOP) return;
    if (!moved) {
      moved = true;
      card.classList.add('is-dragging');
      frame = requestAnimationFrame(scroll);
    }
    mark();
  };
  const finish = (drop: boolean) => (ev: PointerEvent) => {
    if (ev.pointerId !== e.pointerId) return;
    cancelAnimationFrame(frame);
    grip.removeEventListener('pointermove', move);
    grip.removeEventListener('pointerup', up);
    grip.removeEventListener('pointercancel', cancel);
    marked?.classList.remove('is-drop-here');
    card.classList.remove('is-dragging');
    const found = drop && moved ? spotAt(ev.clientX, ev.clientY) : null;
    if (found) onDrop(found.spot);
  };
  const up = finish(true);
  const cancel = finish(false);
  grip.addEventListener('pointermove', move);
  grip.addEventListener('pointerup', up);
  grip.addEventListener('pointercancel', cancel);
}
