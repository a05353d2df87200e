// Saving something the app made (scenario YAML, a pcap, an SVG/PNG of the topology) as a file download.

export function saveFile(name: string, data: Blob | BlobPart, type = 'application/octet-stream'): void {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // revoke later: the click starts the download asynchronously
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
