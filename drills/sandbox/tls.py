"""A throwaway TLS identity for one sandbox: kubectl sends a bearer token only over HTTPS, so each
sandbox makes its own self-signed certificate for 127.0.0.1 (EC P-256, valid one day), pins it in
the kubeconfig as the cluster CA, and forgets the key when it stops.

Uses `cryptography` (PyCA): the standard library can serve TLS but cannot make a certificate.
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Identity:
    """PEM certificate (also the CA kubectl trusts) and PEM private key."""

    cert_pem: bytes
    key_pem: bytes

    def to_dict(self) -> dict[str, str]:
        return {"cert_pem": self.cert_pem.decode(), "key_pem": self.key_pem.decode()}

    @classmethod
    def from_dict(cls, d: dict[str, str]) -> Identity:
        return cls(d["cert_pem"].encode(), d["key_pem"].encode())


def make_identity(now: datetime.datetime | None = None) -> Identity:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = now or datetime.datetime.now(datetime.timezone.utc)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "drills-sandbox")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(key, hashes.SHA256()))
    return Identity(cert.public_bytes(serialization.Encoding.PEM),
                    key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))


def server_context(identity: Identity) -> ssl.SSLContext:
    """An SSL context serving ``identity``; the key touches disk only for an instant in a private file
    (`load_cert_chain` reads files only) and is removed at once."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    with tempfile.TemporaryDirectory(prefix="drills-tls-") as d:
        path = Path(d) / "identity.pem"
        path.touch(mode=0o600)
        path.write_bytes(identity.key_pem + identity.cert_pem)
        ctx.load_cert_chain(path)
    return ctx
