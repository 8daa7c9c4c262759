"""Photos of findings and of their treatment: checked by `actions.uploads.check_upload` (type by content,
size, dimensions), images only, re-encoded without their metadata (the phone's position) and stored under
names that never come from the user."""

from django.core.exceptions import ValidationError

from actions.uploads import CheckedUpload, stored_content

from ..models import FindingPhoto


def require_images(files: list[CheckedUpload]) -> None:
    for checked in files:
        if not checked.content_type.startswith("image/"):
            raise ValidationError(
                {"photos": f"« {checked.upload.name} » n'est pas une photo (JPEG, PNG ou WebP)."}
            )


class PhotoWriter:
    """Writes photos and, if anything fails before the caller's transaction ends, deletes the files
    already written (the rows go with the rollback):

        with PhotoWriter() as writer:
            writer.save(finding, files)
    """

    def __init__(self):
        self.stored = []

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        if error is not None:
            for file in self.stored:
                file.storage.delete(file.name)
        return False

    def save(self, finding, files: list[CheckedUpload], *, event=None) -> list[FindingPhoto]:
        require_images(files)
        photos = []
        for checked in files:
            content = stored_content(checked)
            photo = FindingPhoto(
                finding=finding,
                event=event,
                original_name=(checked.upload.name or "photo")[:255],
                content_type=checked.content_type,
                extension=checked.extension,
                size=content.size,
                width=checked.width,
                height=checked.height,
            )
            photo.file.save("photo", content, save=False)
            self.stored.append(photo.file)
            photo.save()
            photos.append(photo)
        return photos
