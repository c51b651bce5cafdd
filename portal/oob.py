"""htmx out-of-band wrappers, used by HTTP responses and pushed updates alike.

For beforeend/afterbegin htmx inserts the wrapper's children, so a partial is wrapped
as it is; for a replacement the partial's own root element names itself."""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def append(target: str, html: str) -> SafeString:
    return format_html('<div hx-swap-oob="beforeend:{}">{}</div>', target, mark_safe(html))


def prepend(target: str, html: str) -> SafeString:
    return format_html('<div hx-swap-oob="afterbegin:{}">{}</div>', target, mark_safe(html))


def delete(selector: str) -> SafeString:
    return format_html('<div hx-swap-oob="delete:{}"></div>', selector)
