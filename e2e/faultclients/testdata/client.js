// Calls GET {base}/api/9/modalities once per kind, sending X-Kind, and
// prints {kind: outcome} as JSON: what Node's http made of the answer.
const http = require("http");
const [host, port, ...kinds] = process.argv.slice(2);

function call(kind) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome) => { if (!done) { done = true; resolve(outcome); } };
    const req = http.get({ host, port, path: "/api/9/modalities", headers: { "X-Kind": kind }, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("error", () => {});
      res.on("close", () => {
        if (!res.complete) { return finish("incomplete"); }
        const body = Buffer.concat(chunks).toString();
        if (res.statusCode !== 200) {
          return finish(`status ${res.statusCode} ${res.headers["content-type"]} retry-after=${res.headers["retry-after"] ?? ""}`);
        }
        try { JSON.parse(body); finish("ok"); } catch (e) { finish(e instanceof SyntaxError ? "json-error" : "other " + e.name); }
      });
    });
    req.setTimeout(500, () => { finish("timeout"); req.destroy(); });
    req.on("error", (e) => {
      if (e.code === "ECONNRESET") { return finish(e.syscall === "read" ? "reset" : "disconnected"); }
      finish("other " + e.code);
    });
  });
}

(async () => {
  const out = {};
  for (const k of kinds) { out[k] = await call(k); }
  console.log(JSON.stringify(out));
})();
