"""Person searches without names in URLs.

A search box that looks for a person posts its text here; the text is kept in the session for the
page it came from, which reads it once (`pop_search`) after the redirect. Addresses, browser history
and server logs therefore never carry a name, a phone number or an e-mail.
"""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tremplin.core.formfields import search_text

PREFIX = "search:"


@require_POST
def remember_search(request):
    next_url = request.POST.get("next", "")
    # Only a path of this site: never another host, never a bare word that redirect() would take for a view name.
    safe = next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not safe:
        next_url = reverse("core:home")
    page = next_url.split("?", 1)[0]
    request.session[PREFIX + page] = search_text(request.POST.get("q", ""))
    return HttpResponseRedirect(next_url)


def pop_search(request):
    """The search text posted for this page, once (a reload shows the empty search again)."""
    return request.session.pop(PREFIX + request.path, "")
