import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/** The rendered width of an element, so SVG charts draw in real pixels and their text stays legible. */
export function useWidth(element: Ref<HTMLElement | null>, fallback = 520): Ref<number> {
  const width = ref(fallback);
  let observer: ResizeObserver | undefined;
  onMounted(() => {
    if (!element.value || typeof ResizeObserver === 'undefined') return;
    observer = new ResizeObserver(([entry]) => {
      const measured = Math.floor(entry.contentRect.width);
      if (measured > 0) width.value = measured;
    });
    observer.observe(element.value);
  });
  onBeforeUnmount(() => observer?.disconnect());
  return width;
}
