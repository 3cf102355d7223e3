#!/bin/sh
# Creates firmware-signing material for the L01 tests in DIR, the way a manufacturer's tools would:
#   mfr-root.pem / .key            ManufacturerRootCertificate (RSA 2048) the station has installed
#   signer-rsa.pem / .key          RSA 2048 firmware signing certificate issued by mfr-root
#   signer-ec.pem / .key           EC P-256 firmware signing certificate issued by mfr-root
#   rogue-root.pem, rogue-signer.pem / .key   a signer from a root the station does not know
#   FILE.pss.b64      RSASSA-PSS SHA-256 (MGF1 SHA-256, salt 32) by signer-rsa, base64 on one line
#   FILE.pkcs1.b64    RSASSA-PKCS1-v1_5 SHA-256 by signer-rsa
#   FILE.ecdsa.b64    ECDSA P-256 SHA-256 (DER) by signer-ec
#   FILE.rogue.b64    PKCS1-v1_5 SHA-256 by rogue-signer
# for each FILE given after DIR (paths relative to DIR).
set -eu
dir=${1:?usage: make_firmware_signing.sh DIR [FILE...]}
shift
mkdir -p "$dir"
cd "$dir"

ca() { # name subject
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null
    openssl req -x509 -new -key "$1.key" -sha256 -days 2 -subj "$2" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$1.pem"
}
signer() { # name subject ca keyalg
    if [ "$4" = ec ]; then
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null
    else
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null
    fi
    openssl req -new -key "$1.key" -subj "$2" -out "$1.csr"
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n' > "$1.ext"
    openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -sha256 -days 2 \
        -extfile "$1.ext" -out "$1.pem" 2>/dev/null
    rm -f "$1.csr" "$1.ext"
}
sign() { # key file out [sigopts...]
    key=$1 file=$2 out=$3
    shift 3
    openssl dgst -sha256 -sign "$key" "$@" -out "$out.bin" "$file"
    base64 -w0 "$out.bin" > "$out"
    rm -f "$out.bin"
}

ca mfr-root "/O=charger-agent tests/CN=Test Manufacturer Root"
ca rogue-root "/O=somebody else/CN=Unknown Manufacturer Root"
signer signer-rsa "/O=charger-agent tests/CN=Firmware Signer RSA" mfr-root rsa
signer signer-ec "/O=charger-agent tests/CN=Firmware Signer EC" mfr-root ec
signer rogue-signer "/O=somebody else/CN=Rogue Firmware Signer" rogue-root rsa

for file in "$@"; do
    sign signer-rsa.key "$file" "$file.pss.b64" -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
    sign signer-rsa.key "$file" "$file.pkcs1.b64"
    sign signer-ec.key "$file" "$file.ecdsa.b64"
    sign rogue-signer.key "$file" "$file.rogue.b64"
done
