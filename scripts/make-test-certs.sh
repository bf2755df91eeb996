#!/usr/bin/env bash
# Makes a throw-away PKI for `qbone serve`: a test CA, the KME server certificate (127.0.0.1,
# localhost) and one client certificate per SAE whose CN is the SAE ID.
#
#   scripts/make-test-certs.sh [DIR] [SAE_ID ...]      (default: certs alice bob)
#
# Writes, in DIR:
#   ca.pem                       the CA certificate (curl --cacert)
#   SAE.pem, SAE.key             each SAE's certificate and key (curl --cert/--key)
#   kme.p12                      the server's key and chain   (qbone serve --keystore)
#   ca.p12                       the CA as a trust store      (qbone serve --truststore)
# Every PKCS#12 password is "qbone-test" (serve's default --store-password). Test use only.
set -euo pipefail
dir=${1:-certs}
shift || true
saes=("$@")
[ ${#saes[@]} -gt 0 ] || saes=(alice bob)
if ! command -v openssl >/dev/null; then
  echo "installing openssl" >&2
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openssl
fi
command -v keytool >/dev/null || { echo "keytool (from the JDK) is needed for ca.p12" >&2; exit 1; }
pass=qbone-test
days=365
mkdir -p "$dir"
cd "$dir"

ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

ec_key ca.key
openssl req -x509 -new -key ca.key -sha256 -days "$days" -subj "/CN=qbone test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out ca.pem

# sign NAME CN EXTENSIONS: a certificate NAME.pem for key NAME.key, signed by the CA.
sign() {
  ec_key "$1.key"
  openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr"
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" "$3" \
    > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 \
    -days "$days" -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

sign kme "qbone KME" $'extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost'
openssl pkcs12 -export -name kme -inkey kme.key -in kme.pem -certfile ca.pem \
  -passout "pass:$pass" -out kme.p12
rm -f ca.p12
keytool -importcert -noprompt -alias qbone-ca -file ca.pem -keystore ca.p12 \
  -storetype PKCS12 -storepass "$pass" >/dev/null 2>&1
for sae in "${saes[@]}"; do
  sign "$sae" "$sae" "extendedKeyUsage=clientAuth"
done
chmod 600 ./*.key
echo "wrote $(pwd): ca.pem ca.p12 kme.p12 ${saes[*]/%/.pem}"
