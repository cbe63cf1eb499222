// The hard floor for the request benchmarks: the least any Node process can do to make licensectl's call.
// CommonJS (starts sooner than an ES module), node:http (built-in fetch loads undici), the same HMAC signing,
// the hardware ID derived the way licensectl derives it, the response body printed. No config, no
// verification, no rendering.
// Usage: node floor.cjs get | node floor.cjs post <variables.json>   (settings from LICENSECTL_* variables;
//        LICENSECTL_HARDWARE_ID names the device instead of deriving it, as it does for licensectl)
//        node floor.cjs id   (prints the hardware ID)
const { createHash, createHmac } = require("node:crypto");
const { readFileSync } = require("node:fs");
const { request } = require("node:http");

const env = process.env;

/** The first machine-id file whose first line is not empty: that line as written, SHA-256, hex. */
function hardwareId() {
  for (const path of ["/etc/machine-id", "/var/lib/dbus/machine-id", "/var/tmp/.LicenseSpring/machine-id"]) {
    let text;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      continue;
    }
    const end = text.indexOf("\n");
    const line = end === -1 ? text : text.slice(0, end);
    if (line) return createHash("sha256").update(line).digest("hex");
  }
  throw new Error("no machine-id file");
}

if (process.argv[2] === "id") process.stdout.write(`${hardwareId()}\n`);
else signedRequest();

function signedRequest() {
  const date = new Date().toUTCString();
  const signature = createHmac("sha256", env.LICENSECTL_SHARED_KEY)
    .update(`licenseSpring\ndate: ${date}`)
    .digest("base64");
  const headers = {
    Date: date,
    Authorization: `algorithm="hmac-sha256",headers="date",signature="${signature}",apikey="${env.LICENSECTL_API_KEY}"`,
    Accept: "application/json",
  };
  const identity = {
    product: env.LICENSECTL_PRODUCT,
    hardware_id: env.LICENSECTL_HARDWARE_ID || hardwareId(),
    license_key: env.LICENSECTL_LICENSE_KEY,
  };
  const post = process.argv[2] === "post";
  const body = post
    ? JSON.stringify({ ...identity, variables: JSON.parse(readFileSync(process.argv[3], "utf8")) })
    : undefined;
  const url = post
    ? `${env.LICENSECTL_API_URL}/track_device_variables`
    : `${env.LICENSECTL_API_URL}/get_device_variables?${new URLSearchParams(identity)}`;
  if (post) headers["Content-Type"] = "application/json";
  request(url, { method: post ? "POST" : "GET", headers }, (response) => {
    const chunks = [];
    response.on("data", (chunk) => chunks.push(chunk));
    response.on("end", () => {
      process.stdout.write(Buffer.concat(chunks));
      process.exitCode = response.statusCode >= 200 && response.statusCode < 300 ? 0 : 1;
    });
  }).end(body);
}
