// Saving exported charts and tables through the browser's download (Electron shows its save dialog):
// a text as a Blob URL, an image as its data URL; file names from the project and experiment.
export function downloadUrl(fileName: string, url: string): void {
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  document.body.append(a)
  a.click()
  a.remove()
}

export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  downloadUrl(fileName, url)
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** "raj2006-np-nic latency-vs-guests rtt_median_us" → "raj2006-np-nic_latency-vs-guests_rtt_median_us". */
export function exportName(...parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => !!p).join('_').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 120) || 'results'
}
