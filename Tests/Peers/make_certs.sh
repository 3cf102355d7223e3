#!/bin/sh
# Creates the test PKI for the OCPPWebSocket tests in DIR (EC P-256 keys, valid for 2 days):
#   ca.pem / ca.key                   the CSMS root the station trusts
#   server.pem / server.key           localhost + IP 127.0.0.1, signed by ca
#   wronghost.pem / wronghost.key     wrong.example.invalid only, signed by ca
#   rogue-ca.pem, untrusted.pem/.key  localhost + 127.0.0.1, signed by a CA the station does not trust
#   client.pem / client.key           CN=<CLIENT_CN or CS-TLS-01>, O=charger-agent tests, signed by ca
set -eu

dir=${1:?usage: make_certs.sh DIR [CLIENT_CN]}
client_cn=${2:-CS-TLS-01}
mkdir -p "$dir"
cd "$dir"

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

ca() { # name subject
    key "$1.key"
    openssl req -x509 -new -key "$1.key" -sha256 -days 2 -subj "$2" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -out "$1.pem"
}

leaf() { # name subject ca extensions
    key "$1.key"
    openssl req -new -key "$1.key" -subj "$2" -out "$1.csr"
    printf '%s\n' "$4" > "$1.ext"
    openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -sha256 -days 2 \
        -extfile "$1.ext" -out "$1.pem" 2>/dev/null
    rm -f "$1.csr" "$1.ext"
}

server_ext='basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyAgreement
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1'

ca ca "/O=charger-agent tests/CN=Test CSMS Root CA"
ca rogue-ca "/O=somebody else/CN=Unknown Root CA"
leaf server "/O=charger-agent tests/CN=localhost" ca "$server_ext"
leaf untrusted "/O=somebody else/CN=localhost" rogue-ca "$server_ext"
leaf wronghost "/O=charger-agent tests/CN=wrong.example.invalid" ca 'basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyAgreement
extendedKeyUsage=serverAuth
subjectAltName=DNS:wrong.example.invalid'
leaf client "/O=charger-agent tests/CN=$client_cn" ca 'basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyAgreement
extendedKeyUsage=clientAuth'
rm -f ./*.srl
