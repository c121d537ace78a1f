#!/usr/bin/env bash
# Runs Keycloak with Gateway Access and the demo realms on the embedded H2 database.
# Called by `./mvnw -Pdemo -DskipTests package` with the unpacked distribution as $1.
# State (the H2 database) lives in .demo/ and survives `mvn clean`; delete .demo/ to start over.
set -euo pipefail

kc_home="$1"
root="$(cd "$(dirname "$0")/../../.." && pwd)"
port=8080
management_port=9000

cp "$root/providers/gateway-access.jar" "$kc_home/providers/gateway-access.jar"
mkdir -p "$kc_home/data/import"
cp "$root"/provider/src/demo/realms/*.json "$kc_home/data/import/"

export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"

"$kc_home/bin/kc.sh" start-dev --import-realm --health-enabled=true --features=declarative-ui \
  --http-port="$port" --http-management-port="$management_port" &
kc_pid=$!
trap 'kill "$kc_pid" 2>/dev/null; wait "$kc_pid" 2>/dev/null' INT TERM EXIT

# Readiness over bash's /dev/tcp, so the demo needs nothing but a JDK (no curl).
ready() {
  exec 3<>"/dev/tcp/127.0.0.1/$management_port" 2>/dev/null || return 1
  printf 'GET /health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  local status
  read -r _ status _ <&3
  exec 3>&- 3<&-
  [ "$status" = 200 ]
}

until ready; do
  if ! kill -0 "$kc_pid" 2>/dev/null; then
    echo "Keycloak stopped before it was ready; see the log above." >&2
    exit 1
  fi
  sleep 2
done

cat <<BANNER

================================================================================
 Gateway Access demo is running (Keycloak ${kc_home##*keycloak-}, embedded H2 in .demo/)

 Keycloak admin console  http://localhost:$port/admin/   (master admin: the bootstrap
                         admin set on first start, by default admin / admin)
 Demo gateway realm      demo      gateway admin  gwadmin / gwadmin-demo
                                   read-only      reader  / reader-demo
                                   plain user     alice   / alice-demo
 Partner realm (IdP)     partner   partner user   pat     / pat-demo

 1. Open http://localhost:$port/realms/demo/account and choose "Partner University";
    sign in as pat / pat-demo (first time: confirm the profile).
 2. See pat become a viewer of the demo pool (README, "Demo"):
      TOKEN=\$(curl -s -d grant_type=password -d client_id=gateway-cli \\
        -d username=gwadmin -d password=gwadmin-demo \\
        http://localhost:$port/realms/demo/protocol/openid-connect/token | jq -r .access_token)
      curl -s -H "Authorization: Bearer \$TOKEN" http://localhost:$port/realms/demo/gateway-access/pools
      curl -s -H "Authorization: Bearer \$TOKEN" http://localhost:$port/realms/demo/gateway-access/pools/<id>/viewers
    or in the access console, signed in as gwadmin / gwadmin-demo:
      http://localhost:$port/realms/demo/gateway-access/console/

 Stop with Ctrl-C. Demo passwords are for this local demo only.
================================================================================

BANNER
wait "$kc_pid"
