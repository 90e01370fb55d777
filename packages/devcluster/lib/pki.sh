# shellcheck shell=bash
# Per-cluster PKI made with openssl. Each cluster gets its own CA, as real clusters
# do, so a client that mixes up clusters' caData fails here exactly as it would in
# production. Keys are EC P-256 (fast to generate) except the service-account
# signing key, which stays RSA because every token consumer understands RS256.

pki_dir() { echo "$(cluster_dir "$1")/pki"; }

# pki_sign DIR NAME SUBJECT EXTENSIONS [CA] : key + cert for NAME, signed by DIR/CA
pki_sign() {
  local d=$1 name=$2 subj=$3 ext=$4 ca=${5:-ca}
  [[ -f $d/$name.crt ]] && return 0
  openssl ecparam -name prime256v1 -genkey -noout -out "$d/$name.key" 2>/dev/null
  openssl req -new -key "$d/$name.key" -subj "$subj" -out "$d/$name.csr" 2>/dev/null
  openssl x509 -req -in "$d/$name.csr" -CA "$d/$ca.crt" -CAkey "$d/$ca.key" -CAcreateserial \
    -days 3650 -sha256 -out "$d/$name.crt" -extfile <(printf '%b\n' "$ext") 2>/dev/null
  rm -f "$d/$name.csr"
}

# pki_ca DIR NAME CN : self-signed CA
pki_ca() {
  [[ -f $1/$2.crt ]] && return 0
  openssl ecparam -name prime256v1 -genkey -noout -out "$1/$2.key" 2>/dev/null
  openssl req -x509 -new -key "$1/$2.key" -sha256 -days 3650 -subj "/CN=$3" -out "$1/$2.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

pki_ensure() {
  local c=$1 d
  d=$(pki_dir "$c")
  mkdir -p "$d"
  chmod 700 "$d"
  pki_ca "$d" ca "paasport-devcluster-$c-ca"
  # Separate CA for the aggregation layer (front proxy), as kubeadm does: the
  # controller-manager and scheduler read it from extension-apiserver-authentication
  # and log errors every few seconds without it; aggregated APIs need it too.
  pki_ca "$d" front-proxy-ca "paasport-devcluster-$c-front-proxy-ca"
  local server="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth"
  local client="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth"
  # 10.0.0.1 is the in-cluster `kubernetes` Service IP (first IP of the service
  # range) so in-cluster style clients verify too.
  pki_sign "$d" apiserver "/CN=kube-apiserver" \
    "$server\nsubjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  # kwok plays every node's kubelet; the apiserver verifies it against this CA
  # (--kubelet-certificate-authority), so the node address must be a SAN.
  pki_sign "$d" kubelet-serving "/CN=kwok-kubelet" "$server\nsubjectAltName=IP:127.0.0.1,DNS:localhost"
  pki_sign "$d" admin "/O=system:masters/CN=devcluster-admin" "$client"
  pki_sign "$d" kube-controller-manager "/CN=system:kube-controller-manager" "$client"
  pki_sign "$d" kube-scheduler "/CN=system:kube-scheduler" "$client"
  pki_sign "$d" apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "$client"
  # kwok impersonates all kubelets (node status, leases, pod status of every node);
  # the node authorizer would need one identity per node, so it runs as admin.
  pki_sign "$d" kwok "/O=system:masters/CN=kwok-controller" "$client"
  # The demo exporter only lists pods; its RBAC is in seed/exporter-rbac.yaml.
  pki_sign "$d" exporter "/CN=paasport:devcluster-exporter" "$client"
  pki_sign "$d" front-proxy-client "/CN=front-proxy-client" "$client" front-proxy-ca
  if [[ ! -f $d/sa.key ]]; then
    openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
    openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
  fi
  chmod 600 "$d"/*.key
}
