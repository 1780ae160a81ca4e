/** Audio bytes sent as base64 (`audio.get`) as a Blob. */
export function audioBlob(base64: string, mime: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}

/** A Blob URL for base64 audio bytes (revoke it with URL.revokeObjectURL when done). */
export function audioBlobUrl(base64: string, mime: string): string {
  return URL.createObjectURL(audioBlob(base64, mime));
}
