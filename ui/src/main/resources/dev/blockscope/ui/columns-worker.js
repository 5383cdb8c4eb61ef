// The body of the Worker that decodes a large report's exact columns off the page's main thread:
// it gets the columns block's base64 text and the name tables, and transfers the built arrays back.

self.onmessage = async (e) => {
  try {
    useReasonFamilies(e.data.families); // the colour classes come from the analysis's reason table
    const built = await buildFromBase64(e.data);
    self.postMessage({ built }, builtBuffers(built));
  } catch (err) {
    self.postMessage({ error: String(err && err.message || err) });
  }
};
