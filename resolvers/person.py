"""Registration, profile edits and photo upload."""
from __future__ import annotations

import strawberry

from models.access.masking import PersonAccess
from models.account.auth import start_session
from models.person.models import Person as PersonRow
from models.person.photo import set_photo
from models.person.registration import register_person, update_profile
from resolvers.core.input import input_fields
from resolvers.core.mutation import payload_mutation
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.core.permissions import IsPerson
from schema.person import (Person, PersonPayload, PersonRegisterInput, PersonRegisterPayload, PersonUpdateProfileInput,
                           PersonUploadPhotoInput)
from schema.unit import Unit


async def _own_person(info: Info) -> PersonRow:
    return await PersonRow.get(id=info.context.viewer.person_id)


@strawberry.type
class PersonMutations:
    @strawberry.mutation(description="个人注册. Open to anyone; signs you in on success.")
    @payload_mutation(PersonRegisterPayload)
    async def person_register(self, info: Info, input: PersonRegisterInput) -> dict:
        settings = info.context.services.settings
        data = input_fields(input, skip=("password",))
        if input.unit_id is not None:
            data["unit_id"] = decode_id(input.unit_id, Unit, "unitId")
        person = await register_person(data, input.password)
        account = await person.account
        pair = await start_session(account, settings.secret_key, settings.access_token_ttl, settings.refresh_token_ttl)
        return {"person": Person.of(person, PersonAccess.FULL), "access_token": pair.access_token,
                "refresh_token": pair.refresh_token}

    @strawberry.mutation(description="完善信息: change your own profile.", permission_classes=[IsPerson])
    @payload_mutation(PersonPayload)
    async def person_update_profile(self, info: Info, input: PersonUpdateProfileInput) -> dict:
        updated = await update_profile(await _own_person(info), input_fields(input))
        return {"person": Person.of(updated, PersonAccess.FULL)}

    @strawberry.mutation(description="上传照片: replaces your ID photo.", permission_classes=[IsPerson])
    @payload_mutation(PersonPayload)
    async def person_upload_photo(self, info: Info, input: PersonUploadPhotoInput) -> dict:
        svc = info.context.services
        person = await set_photo(await _own_person(info), input.file, svc.storage,
                                 max_bytes=svc.settings.max_photo_bytes)
        return {"person": Person.of(person, PersonAccess.FULL)}
