# shellcheck shell=bash
# pki.sh — the throwaway certificates of the CI Kafka cluster, made fresh by
# `kafka.sh up` (source it; it defines make_pki and nothing else):
#
#   ca.pem, ca-key.pem          a CA (EC P-256) that signs everything below
#   broker-N.pem, broker-N.p12  a server certificate per broker (SAN
#                               127.0.0.1 and localhost) and its PKCS#12
#                               keystore with the CA chain, for the SSL
#                               listener
#   truststore.p12              the CA as a Java trust store (keytool), so a
#                               broker accepts client certificates it signed
#   client.pem, client-key.pem  the client certificate of the tests (CN
#                               precursor, clientAuth) for mutual TLS
#
# Keys are unencrypted PEM (PKCS#8) for Go and librdkafka; the stores share
# one random password. Everything is valid for PKI_DAYS (30) days and lives
# only under the cluster directory.

# make_pki DIR STOREPASS BROKER_ID... writes the files above into DIR.
make_pki() {
	local dir=$1 pass=$2
	shift 2
	rm -rf "$dir"
	mkdir -p "$dir"
	chmod 700 "$dir"
	local days=${PKI_DAYS:-30} id
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "$days" \
		-keyout "$dir/ca-key.pem" -out "$dir/ca.pem" -subj "/O=Precursor Watch CI/CN=Precursor Watch CI CA" \
		-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
		2>"$dir/openssl.log" || { cat "$dir/openssl.log" >&2; return 1; }
	for id in "$@"; do
		pki_issue "$dir" "broker-$id" "serverAuth,clientAuth" "subjectAltName=IP:127.0.0.1,DNS:localhost" || return 1
		openssl pkcs12 -export -in "$dir/broker-$id.pem" -inkey "$dir/broker-$id-key.pem" \
			-certfile "$dir/ca.pem" -name "broker-$id" -out "$dir/broker-$id.p12" -passout "pass:$pass" \
			2>>"$dir/openssl.log" || { cat "$dir/openssl.log" >&2; return 1; }
	done
	pki_issue "$dir" client "clientAuth" "subjectAltName=DNS:precursor" || return 1
	keytool -importcert -noprompt -alias precursor-ci-ca -file "$dir/ca.pem" \
		-keystore "$dir/truststore.p12" -storetype PKCS12 -storepass "$pass" \
		>"$dir/keytool.log" 2>&1 || { cat "$dir/keytool.log" >&2; return 1; }
	rm -f "$dir"/*.csr "$dir"/*.srl "$dir"/*.log
	chmod 600 "$dir"/*
}

# pki_issue DIR NAME EKU SAN: a key and a certificate NAME.pem signed by the
# CA, for extended key usage EKU and subjectAltName SAN. The client's CN is
# "precursor", a broker's its name.
pki_issue() {
	local dir=$1 name=$2 eku=$3 san=$4 cn=$2
	[[ $name == client ]] && cn=precursor
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$dir/$name-key.pem" -out "$dir/$name.csr" -subj "/O=Precursor Watch CI/CN=$cn" \
		2>>"$dir/openssl.log" || { cat "$dir/openssl.log" >&2; return 1; }
	openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" \
		-set_serial "0x$(openssl rand -hex 16)" -days "${PKI_DAYS:-30}" -out "$dir/$name.pem" \
		-extfile <(printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" \
			"extendedKeyUsage=$eku" "$san") \
		2>>"$dir/openssl.log" || { cat "$dir/openssl.log" >&2; return 1; }
}
