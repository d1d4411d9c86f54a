"""Registration, profile edits and photo upload."""
from __future__ import annotations

import strawberry

from models.access.viewer import PersonAccess
from models.account.auth import start_session
from models.person.models import Person as PersonRow
from models.person.registration import register_person, update_profile
from models.core.upload import PHOTO_TYPES, receive_upload
from resolvers.core.input import input_fields
from resolvers.core.mutation import run
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.person import (Person, PersonError, PersonErrorCode, PersonPayload, PersonRegisterInput,
                           PersonRegisterPayload, PersonUpdateProfileInput, PersonUploadPhotoInput)
from schema.unit import Unit


async def _own_person(info: Info) -> PersonRow:
    person_id = info.context.viewer.require_person()
    return await PersonRow.get(id=person_id)


@strawberry.type
class PersonMutations:
    @strawberry.mutation(description="个人注册. Open to anyone; signs you in on success.")
    async def person_register(self, info: Info, input: PersonRegisterInput) -> PersonRegisterPayload:
        settings = info.context.services.settings

        async def work() -> dict:
            data = input_fields(input, skip=("password",))
            if input.unit_id is not None:
                data["unit_id"] = decode_id(input.unit_id, Unit, "unitId")
            person = await register_person(data, input.password)
            account = await person.account
            pair = await start_session(account, settings.secret_key, settings.access_token_ttl,
                                       settings.refresh_token_ttl)
            return {"person": Person.of(person, PersonAccess.FULL), "access_token": pair.access_token,
                    "refresh_token": pair.refresh_token}

        return await run(PersonRegisterPayload, PersonError, PersonErrorCode, work)

    @strawberry.mutation(description="完善信息: change your own profile.")
    async def person_update_profile(self, info: Info, input: PersonUpdateProfileInput) -> PersonPayload:
        person = await _own_person(info)

        async def work() -> dict:
            updated = await update_profile(person, input_fields(input))
            return {"person": Person.of(updated, PersonAccess.FULL)}

        return await run(PersonPayload, PersonError, PersonErrorCode, work)

    @strawberry.mutation(description="上传照片: replaces your ID photo.")
    async def person_upload_photo(self, info: Info, input: PersonUploadPhotoInput) -> PersonPayload:
        person = await _own_person(info)
        svc = info.context.services

        async def work() -> dict:
            stored = await receive_upload(svc.storage, input.file, purpose="photo", allowed_types=PHOTO_TYPES,
                                          max_bytes=svc.settings.max_photo_bytes, owner_id=person.account_id,
                                          field="file")
            await PersonRow.filter(id=person.id).update(photo_id=stored.id)
            return {"person": Person.of(await PersonRow.get(id=person.id), PersonAccess.FULL)}

        return await run(PersonPayload, PersonError, PersonErrorCode, work)
