"""证书撤销: the issuer's admins (and platform admins) revoke a certificate with a reason."""
from __future__ import annotations

import strawberry

from models.certificate.revocation import revoke_certificate
from resolvers.core.mutation import payload_mutation
from schema.certificate.inputs import CertificatePayload, CertificateRevokeInput
from schema.certificate.types import Certificate
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.permissions import IsSignedIn


@strawberry.type
class CertificateRevokeMutations:
    @strawberry.mutation(description="证书撤销: status REVOKED, the issuer's status list flips the certificate's bit, "
                                     "the holder is told and the PDF is rendered again with the 已撤销 banner. Only "
                                     "the issuing unit's admins and platform admins.", permission_classes=[IsSignedIn])
    @payload_mutation(CertificatePayload)
    async def certificate_revoke(self, info: Info, input: CertificateRevokeInput) -> dict:
        cert_id = decode_id(input.certificate_id, Certificate, "certificateId")
        row = await revoke_certificate(info.context.viewer, cert_id, input.reason)
        return {"certificate": Certificate.of(row)}
