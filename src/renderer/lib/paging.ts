/** Where a page of a long table sits: what to say about it and where the neighbouring pages start. */
export interface PageInfo {
  /** 1-based index of the first row shown (0 when there are none). */
  from: number;
  /** 1-based index of the last row shown. */
  to: number;
  total: number;
  /** Offset of the previous page, or null on the first page. */
  previous: number | null;
  /** Offset of the next page, or null on the last page. */
  next: number | null;
  /** 1-based page number and page count. */
  page: number;
  pages: number;
}

/** The page of `limit` rows starting at `offset` out of `total` (an offset past the end shows the last page). */
export function pageInfo(total: number, offset: number, limit: number): PageInfo {
  if (!(limit >= 1)) throw new Error(`page size must be at least 1, got ${limit}`);
  const pages = Math.max(1, Math.ceil(total / limit));
  const start = Math.min(Math.max(0, Math.floor(offset / limit)), pages - 1) * limit;
  return {
    from: total === 0 ? 0 : start + 1,
    to: Math.min(total, start + limit),
    total,
    previous: start > 0 ? start - limit : null,
    next: start + limit < total ? start + limit : null,
    page: start / limit + 1,
    pages,
  };
}
