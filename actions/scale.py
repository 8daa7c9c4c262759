from actions.demo import SHEETS

from .models import ProjectSheet


def generate(charters, rng) -> None:
    for charter in charters:
        themes = {t.code: t for t in charter.themes.all()}
        ProjectSheet.objects.bulk_create(
            [
                ProjectSheet(
                    charter=charter,
                    number=n,
                    title=title,
                    theme=themes[code],
                    is_published=rng.random() < 0.5,
                )
                for n, code, _sub, title in SHEETS
            ]
        )
