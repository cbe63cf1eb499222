#!/bin/sh
# What a CI user would otherwise write: the same signed request as scripts/bench/floor.cjs with curl and
# openssl. Usage: sh floor.sh get | sh floor.sh post <variables.json>   (settings from LICENSECTL_* variables;
# LICENSECTL_HARDWARE_ID names the device instead of deriving it)
set -eu
hardware_id=${LICENSECTL_HARDWARE_ID:-}
for file in /etc/machine-id /var/lib/dbus/machine-id /var/tmp/.LicenseSpring/machine-id; do
  [ -z "$hardware_id" ] || break
  line=$(head -n 1 "$file" 2>/dev/null) || continue
  if [ -n "$line" ]; then
    hardware_id=$(printf '%s' "$line" | openssl dgst -sha256 -r | cut -d ' ' -f 1)
    break
  fi
done
date=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
signature=$(printf 'licenseSpring\ndate: %s' "$date" | openssl dgst -sha256 -hmac "$LICENSECTL_SHARED_KEY" -binary | openssl base64 -A)
auth="algorithm=\"hmac-sha256\",headers=\"date\",signature=\"$signature\",apikey=\"$LICENSECTL_API_KEY\""
if [ "$1" = post ]; then
  { printf '{"product":"%s","hardware_id":"%s","license_key":"%s","variables":' \
      "$LICENSECTL_PRODUCT" "$hardware_id" "$LICENSECTL_LICENSE_KEY"
    cat "$2"
    printf '}'; } |
    curl -fsS -H "Date: $date" -H "Authorization: $auth" -H 'Accept: application/json' \
      -H 'Content-Type: application/json' --data-binary @- "$LICENSECTL_API_URL/track_device_variables"
else
  curl -fsS -G -H "Date: $date" -H "Authorization: $auth" -H 'Accept: application/json' \
    --data-urlencode "product=$LICENSECTL_PRODUCT" --data-urlencode "hardware_id=$hardware_id" \
    --data-urlencode "license_key=$LICENSECTL_LICENSE_KEY" "$LICENSECTL_API_URL/get_device_variables"
fi
