"""Checks on uploaded files (journal entries, findings, reports): size, type by content (not by name),
image dimensions read from the header before anything is decoded, and a budget per request (total bytes
and pixels), so that no upload can make a worker spend seconds or gigabytes."""

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import filetype
from django import forms
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
MAX_IMAGE_SIDE = 10_000
MAX_IMAGE_PIXELS = 30_000_000  # a 30-megapixel photo: well above what phones take by default
# What one request may ask the server to decode and store, whatever the number of files.
MAX_REQUEST_PIXELS = 60_000_000
MAX_REQUEST_BYTES = 40 * 1024 * 1024
# Pillow refuses on its own anything larger (a decompression bomb) before decoding.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
ALLOWED = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
SAME_EXTENSION = {"jpeg": "jpg", "jpe": "jpg"}
ACCEPTED_EXTENSIONS = [f".{e}" for e in [*ALLOWED.values(), *SAME_EXTENSION]]
ACCEPTED_LABEL = "photos JPEG, PNG ou WebP ; documents PDF, ODT, ODS, DOCX ou XLSX"


@dataclass(frozen=True)
class CheckedUpload:
    upload: object
    content_type: str
    extension: str
    width: int | None = None
    height: int | None = None


def check_upload(upload) -> CheckedUpload:
    """Raise a French ValidationError unless the file is small enough, of an accepted type *by its
    content*, named after what it is, and (for images) of sane dimensions."""
    name = upload.name or "fichier"
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            f"Le fichier « {name} » pèse {upload.size / 1024 / 1024:.1f} Mo : la limite est de "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} Mo."
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        raise forms.ValidationError(f"Le fichier « {name} » n'est pas d'un type accepté ({ACCEPTED_LABEL}).")
    extension = ALLOWED[kind.mime]
    declared = Path(name).suffix.lower().lstrip(".")
    if SAME_EXTENSION.get(declared, declared) != extension:
        raise forms.ValidationError(
            f"Le contenu du fichier « {name} » ne correspond pas à son nom : c'est un fichier "
            f"{extension.upper()}, pas {('.' + declared) if declared else 'un fichier sans extension'}."
        )
    width = height = None
    if kind.mime.startswith("image/"):
        too_large = forms.ValidationError(
            f"L'image « {name} » est trop grande : au plus {MAX_IMAGE_SIDE} pixels de côté et "
            f"{MAX_IMAGE_PIXELS // 1_000_000} mégapixels."
        )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                # Opening reads the header only: the dimensions are known before any pixel is decoded.
                with Image.open(upload) as image:
                    width, height = image.size
                    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
                        raise too_large
                    image.verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise too_large from error
        except (OSError, SyntaxError, ValueError) as error:
            raise forms.ValidationError(f"L'image « {name} » est illisible ou endommagée.") from error
        finally:
            upload.seek(0)
    return CheckedUpload(
        upload=upload, content_type=kind.mime, extension=extension, width=width, height=height
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern), each checked by `check_upload`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Au plus {MAX_FILES} fichiers par entrée du journal.")
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        total = sum(upload.size for upload in cleaned)
        if total > MAX_REQUEST_BYTES:
            raise forms.ValidationError(
                f"Ces fichiers pèsent {total / 1024 / 1024:.1f} Mo ensemble : au plus "
                f"{MAX_REQUEST_BYTES // 1024 // 1024} Mo par envoi."
            )
        errors, checked = [], []
        for upload in cleaned:
            try:
                checked.append(check_upload(upload))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        pixels = sum((c.width or 0) * (c.height or 0) for c in checked)
        if pixels > MAX_REQUEST_PIXELS:
            raise forms.ValidationError(
                f"Ces photos font {pixels // 1_000_000} mégapixels ensemble : au plus "
                f"{MAX_REQUEST_PIXELS // 1_000_000} mégapixels par envoi (envoyez-les en plusieurs fois)."
            )
        return checked


PILLOW_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}


def stored_content(checked: CheckedUpload):
    """What is written to storage: documents as uploaded; images re-encoded from their pixels only, turned
    upright, without any metadata (EXIF, GPS position of the phone, XMP, ICC profile, JPEG comments, PNG
    text chunks)."""
    if checked.extension not in PILLOW_FORMATS:
        return checked.upload
    checked.upload.seek(0)
    with Image.open(checked.upload) as image:
        upright = ImageOps.exif_transpose(image)
        if upright.mode not in ("RGB", "RGBA", "L") or (
            checked.extension == "jpg" and upright.mode == "RGBA"
        ):
            upright = upright.convert("RGB")
        # A new image from the pixels alone: nothing of the original's `info` (comments, XMP…) follows.
        clean = Image.new(upright.mode, upright.size)
        clean.paste(upright)
        buffer = io.BytesIO()
        clean.save(buffer, format=PILLOW_FORMATS[checked.extension], quality=90)
    return ContentFile(buffer.getvalue())
