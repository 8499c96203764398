"""The public face: find a site near me, a site's page, the workshop agenda, "Être rappelé·e", sitemap, robots.

Anonymous, French by default, no JavaScript needed (the map is an extra, public-map.js). Nothing personal in
any URL: a site is named by its short code and name, a session by nothing but the agenda's filters.
"""

import json
from datetime import date, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods

from tremplin.core.pagination import page_number
from tremplin.core.phones import national_format
from tremplin.network.timezones import site_today
from tremplin.referrals.services import create_callback_request

from . import antiabuse, geo, hours, queries, structured
from .forms import AgendaForm, CallbackForm, WhereForm

AGENDA_WEEKS = 8
AGENDA_LIMIT = 30  # sessions on one page of the agenda: light on a phone (issue #12), flat at scale (#14)
AGENDA_MAX_PAGE = 40  # 8 weeks of a large network; a page number beyond is read as the last one
SITE_PAGE_SESSIONS = 12  # the next open sessions on a site's page (within AGENDA_WEEKS)


def _km(distance):
    """ "2,4" near, "8 998" far (a tenth of a kilometre means nothing across an ocean)."""
    if distance is None:
        return ""
    return number_format(distance, decimal_pos=1 if distance < 10 else 0, force_grouping=True)


def _callback_url(site):
    """The site's "Être rappelé·e" form, or "" when the site takes no requests from the public."""
    return reverse("public:callback", args=[queries.site_slug(site)]) if site.accepts_self_referrals else ""


def _card(site, distance, sessions, now):
    return {
        "site": site,
        "url": reverse("public:site", args=[queries.site_slug(site)]),
        "callback_url": _callback_url(site),
        "distance": distance,
        "km": _km(distance),
        "today": hours.today(site, now),
        "sessions": sessions,
        "phone": national_format(site.phone) if site.phone else "",
    }


def _map_points(cards):
    return [
        {
            "name": card["site"].name,
            "url": card["url"],
            "lat": float(card["site"].latitude),
            "lon": float(card["site"].longitude),
        }
        for card in cards
        if card["site"].latitude is not None and card["site"].longitude is not None
    ]


@login_not_required
@gzip_page  # a poor phone connection: compressed HTML (the CSRF token is masked per response)
@require_GET
def home(request):
    """ "Trouver un espace près de chez moi": every site, the nearest first once the visitor says where they are."""
    now = timezone.now()
    form = WhereForm(request.GET or None)
    found = geo.search(form.cleaned_data["ou"]) if form.is_valid() else geo.Search()
    sites = list(queries.public_sites())
    sessions = queries.next_sessions_by_site(sites, now)
    cards = [_card(site, km, sessions.get(site.pk, []), now) for site, km in geo.nearest_first(sites, found.place)]
    nearest = cards[0]["distance"] if cards else None
    context = {
        "form": form,
        "found": found,
        # A place far from every site (97400 when the network is in Lyon): say so, still list them by distance.
        "none_near": nearest is not None and nearest > geo.NEAR_KM,
        "near_km": geo.NEAR_KM,
        "nearest_km": _km(nearest),
        "cards": cards,
        "map_tiles": settings.TREMPLIN_MAP_TILES_URL,
        "map_attribution": settings.TREMPLIN_MAP_TILES_ATTRIBUTION,
        "map_points": _map_points(cards),
    }
    return render(request, "public/home.html", context)


def _site_or_404(slug):
    site = queries.site_from_slug(slug)
    if site is None:
        raise Http404(_("Cet espace n'existe pas ou n'est plus ouvert."))
    return site


@login_not_required
@gzip_page  # a poor phone connection: compressed HTML (the CSRF token is masked per response)
@require_GET
def site_page(request, slug):
    site = _site_or_404(slug)
    canonical = queries.site_slug(site)
    if slug != canonical:
        return redirect("public:site", canonical, permanent=True)
    now = timezone.now()
    # The 12 first chosen along the site's (site, start) index, then read by id with their counts (`first_sessions`):
    # grouping the site's whole 8 weeks with their enrolments before keeping 12 read 122 sessions and 971
    # enrolments at the bench's scale 2 (issue #14, docs/performance.md "s19-agenda").
    coming = queries.open_sessions(now).filter(site=site, starts_at__lt=now + timedelta(weeks=AGENDA_WEEKS))
    sessions = queries.first_sessions(coming, SITE_PAGE_SESSIONS, [site])
    url = request.build_absolute_uri()
    json_ld = [structured.place(site, url)] + [structured.event(s, url, request.build_absolute_uri) for s in sessions]
    context = {
        "site": site,
        "phone": national_format(site.phone) if site.phone else "",
        "today": hours.today(site, now),
        "week": site.opening_schedule,
        "holidays": hours.holidays(site, now),
        "sessions": sessions,
        "json_ld": json.dumps(json_ld, ensure_ascii=False),
        "slug": canonical,
    }
    return render(request, "public/site.html", context)


@login_not_required
@gzip_page  # a poor phone connection: compressed HTML (the CSRF token is masked per response)
@require_GET
def agenda(request):
    now = timezone.now()
    sites = list(queries.public_sites())
    today = timezone.localdate()
    weeks = AgendaForm.week_choices(today, AGENDA_WEEKS)
    form = AgendaForm(request.GET or None, sites=sites, weeks=weeks)
    sessions = queries.open_sessions(now).filter(starts_at__lt=now + timedelta(weeks=AGENDA_WEEKS))
    monday = None
    if form.is_valid():
        if form.cleaned_data["espace"]:
            sessions = sessions.filter(site__code=form.cleaned_data["espace"].upper())
        if form.cleaned_data["thematique"]:
            sessions = queries.on_thematique(sessions, form.cleaned_data["thematique"])
        monday = form.week_start()
    every_week = sessions
    # Which of the agenda's weeks hold a session with the chosen site and theme: one query for all of them
    # (queries.weeks_with_sessions). The list of weeks marks the others, and an empty week leads to the next full one.
    mondays = [date.fromisoformat(value) for value, _label in weeks]
    full_weeks = queries.weeks_with_sessions(every_week, mondays, sites)
    form.mark_empty_weeks(weeks, [day for day in mondays if day not in full_weeks])
    if monday:
        sessions = queries.in_week(sessions, monday, sites)
    # Every filter is in SQL: the database reads one page of sessions (and one more, to know whether a next
    # page exists), not every one (issue #14).
    number = _agenda_page(request.GET.get("page"))
    sessions = queries.first_sessions(sessions, AGENDA_LIMIT + 1, sites, offset=(number - 1) * AGENDA_LIMIT)
    has_next = len(sessions) > AGENDA_LIMIT
    sessions = sessions[:AGENDA_LIMIT]
    filters = urlencode([(key, value) for key, value in request.GET.items() if key != "page" and value])
    week_is_empty = monday and number == 1 and not sessions  # page 7 of a busy week is past its end, not empty
    empty_week = _empty_week(request, monday, mondays, full_weeks) if week_is_empty else None
    links = {}  # once per site, not per session: 200 sessions share a few sites
    for session in sessions:
        if session.site_id not in links:
            links[session.site_id] = (
                reverse("public:site", args=[queries.site_slug(session.site)]),
                _callback_url(session.site),
            )
        session.site_url, session.callback_url = links[session.site_id]
    json_ld = [structured.event(s, s.site_url, request.build_absolute_uri) for s in sessions[:50]]
    return render(
        request,
        "public/agenda.html",
        {
            "form": form,
            "sessions": sessions,
            "json_ld": json.dumps(json_ld, ensure_ascii=False),
            "page_number": number,
            "first_shown": (number - 1) * AGENDA_LIMIT + 1,
            "last_shown": (number - 1) * AGENDA_LIMIT + len(sessions),
            "next_query": f"{filters}&page={number + 1}" if filters else f"page={number + 1}",
            "previous_query": (f"{filters}&" if filters else "") + (f"page={number - 1}" if number > 2 else ""),
            "has_next": has_next,
            "empty_week": empty_week,
        },
    )


def _empty_week(request, monday, mondays, full_weeks):
    """What the agenda says for a chosen week without any session: {"monday", "next_monday", "next_query",
    "all_weeks_query"}. The next week is the first of the agenda's later weeks (`mondays`) that holds a session with
    the same site and theme (among `full_weeks`, queries.weeks_with_sessions), linked with the same filters."""
    next_monday = next((day for day in mondays if day > monday and day in full_weeks), None)
    kept = [(key, value) for key, value in request.GET.items() if key not in ("page", "semaine") and value]
    return {
        "monday": monday,
        "next_monday": next_monday,
        "next_query": urlencode([*kept, ("semaine", next_monday.isoformat())]) if next_monday else "",
        "all_weeks_query": urlencode(kept),
    }


def _agenda_page(value):
    """The agenda's page number from the address (core.pagination: junk, 0 or negative → 1), at most
    AGENDA_MAX_PAGE."""
    return min(page_number(value), AGENDA_MAX_PAGE)


def _refuse(request, site, form, message, status=200):
    form.add_error(None, message)
    fresh = CallbackForm(initial={"jeton": antiabuse.form_stamp()})
    form.data = form.data.copy()
    form.data["jeton"] = fresh.initial["jeton"]
    return render(request, "public/callback.html", {"site": site, "form": form, **_notice(site)}, status=status)


def _notice(site=None):
    return {
        "retention_days": settings.TREMPLIN_CALLBACK_RETENTION_DAYS,
        "slug": queries.site_slug(site) if site else "",
    }


@login_not_required
@gzip_page  # a poor phone connection: compressed HTML (the CSRF token is masked per response)
@require_http_methods(["GET", "POST"])
def callback(request, slug):
    """ "Être rappelé·e": a first name, a phone number, a need → the site's referral inbox (a self-referral)."""
    site = _site_or_404(slug)
    if not site.accepts_self_referrals:
        return render(
            request,
            "public/callback_closed.html",
            {"site": site, "phone": national_format(site.phone) if site.phone else ""},
        )
    if request.method == "GET":
        return render(request, "public/callback.html", {"site": site, "form": CallbackForm(), **_notice(site)})
    form = CallbackForm(request.POST)
    done = redirect("public:callback_done", queries.site_slug(site))
    if form.is_robot:
        return done  # say nothing to a robot; nothing is saved
    problem = antiabuse.stamp_problem(form.data.get("jeton"))
    if problem == "too_fast":
        return _refuse(
            request, site, form, _("Vous avez été très rapide. Relisez votre demande, puis envoyez-la de nouveau.")
        )
    if problem:
        return _refuse(
            request,
            site,
            form,
            _("Cette page était ouverte depuis longtemps. Vérifiez votre demande, puis envoyez-la de nouveau."),
        )
    if not form.is_valid():
        # Not counted against the address: someone who mistyped their number on a library's Wi-Fi tries again.
        return render(request, "public/callback.html", {"site": site, "form": form, **_notice(site)})
    if antiabuse.address_over_limit(antiabuse.client_address(request)):
        return _refuse(
            request,
            site,
            form,
            _(
                "Trop de demandes ont été envoyées depuis cette connexion. "
                "Réessayez dans une heure, ou appelez l'espace."
            ),
            status=429,
        )
    phone = form.cleaned_data["telephone"]
    if antiabuse.phone_over_limit(str(phone)):
        return _refuse(
            request,
            site,
            form,
            _("Nous avons déjà plusieurs demandes pour ce numéro aujourd'hui. L'espace va vous appeler."),
            status=429,
        )
    try:
        create_callback_request(
            site,
            first_name=form.cleaned_data["prenom"],
            phone=phone,
            need=form.cleaned_data["besoin"],
            message=form.cleaned_data["precisions"],
        )
    except ValidationError as error:
        return _refuse(request, site, form, error.messages[0])
    return done


@login_not_required
@gzip_page  # a poor phone connection: compressed HTML (the CSRF token is masked per response)
@require_GET
def callback_done(request, slug):
    site = _site_or_404(slug)
    return render(request, "public/callback_done.html", {"site": site, **_notice(site)})


@login_not_required
@require_GET
def sitemap(request):
    pages = [reverse("core:home"), reverse("public:agenda")]
    pages += [reverse("public:site", args=[queries.site_slug(site)]) for site in queries.public_sites()]
    return render(
        request,
        "public/sitemap.xml",
        {"urls": [request.build_absolute_uri(page) for page in pages], "today": site_today(None)},
        content_type="application/xml; charset=utf-8",
    )


# Staff areas: everything but the public pages (and the open data published by the opendata room).
DISALLOWED = [
    "/comptes/",
    "/equipe/",
    "/reseau/",
    "/personnes/",
    "/orientations/",
    "/ateliers/",
    "/activites/",
    "/messages/",
    "/materiel/",
    "/diagnostic/",
    "/caisse/",
    "/recherche/",
    "/langue/",
]


@login_not_required
@require_GET
def robots(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "Disallow: /espaces/*/rappel/"]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('public:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
