// The floor for the request benchmarks: the least a Node script can do to make the same signed call with
// built-in fetch — no config, no verification, no rendering — and print the body.
// Usage: node floor.mjs get | node floor.mjs post <body.json>   (settings from LICENSECTL_* variables)
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";

const env = process.env;
const date = new Date().toUTCString();
const signature = createHmac("sha256", env.LICENSECTL_SHARED_KEY)
  .update(`licenseSpring\ndate: ${date}`)
  .digest("base64");
const headers = {
  Date: date,
  Authorization: `algorithm="hmac-sha256",headers="date",signature="${signature}",apikey="${env.LICENSECTL_API_KEY}"`,
  Accept: "application/json",
  "Content-Type": "application/json",
};
const identity = {
  product: env.LICENSECTL_PRODUCT,
  hardware_id: env.LICENSECTL_HARDWARE_ID,
  license_key: env.LICENSECTL_LICENSE_KEY,
};
const response =
  process.argv[2] === "post"
    ? await fetch(`${env.LICENSECTL_API_URL}/track_device_variables`, {
        method: "POST",
        headers,
        body: JSON.stringify({ ...identity, variables: JSON.parse(readFileSync(process.argv[3], "utf8")) }),
      })
    : await fetch(`${env.LICENSECTL_API_URL}/get_device_variables?${new URLSearchParams(identity)}`, {
        headers,
      });
process.stdout.write(await response.text());
process.exitCode = response.ok ? 0 : 1;
